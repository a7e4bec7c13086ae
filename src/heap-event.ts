import { uuid } from './environment';
import { findEntry, groupName, type StatsigEntry, type StatsigValues } from './statsig-values';

/** A Statsig event as both SDKs build it for their own logger. */
export interface StatsigEventLike {
  eventName: string;
  user?: Record<string, unknown> | null;
  value?: unknown;
  metadata?: Record<string, unknown> | null;
  time?: number;
}

export interface MappedEvent {
  name: string;
  kind: 'exposure' | 'custom';
  /** Nested; the forwarder flattens it under Heap's limits. */
  properties: Record<string, unknown>;
  /** Exposures: what identifies them for de-duplication and the experiment properties. */
  exposure?: Exposure;
}

export interface Exposure {
  /** The unit's own ID (userID, stableID or custom ID), the event, entity and parameter. */
  key: string;
  /** What the unit got: the gate value or group, and the rule. */
  variant: string;
  /** Experiments with a group: their name (as the app called it) and the group. */
  experiment?: string;
  group?: string;
}

const PREFIX = 'statsig::';
/** Where each exposure's entity lives in the values. */
const TABLES: Record<string, keyof StatsigValues> = {
  [`${PREFIX}gate_exposure`]: 'feature_gates',
  [`${PREFIX}config_exposure`]: 'dynamic_configs',
  [`${PREFIX}layer_exposure`]: 'layer_configs',
};

/**
 * Maps one event the SDK logged to its Heap event (contract 3.2): exposures get their unit
 * type and, for experiments, their own name and group from the values. SDK-internal events
 * (diagnostics and the like) map to nothing.
 */
export function toHeapEvent(
  event: StatsigEventLike,
  values: StatsigValues | null | undefined,
  includeUser: boolean,
  statsigMetadata: Record<string, unknown>,
): MappedEvent | undefined {
  let name = event.eventName;
  if (typeof name !== 'string') return undefined;
  const exposure = name.startsWith(PREFIX);
  const table = TABLES[name];
  if (exposure && !table) return undefined;
  // bootstrapMetadata is the SDK's copy of the bootstrap user and generator: never forwarded.
  const { bootstrapMetadata: _user, ...metadata }: Record<string, unknown> = {
    ...event.metadata,
  };
  const entity = metadata['gate'] ?? metadata['config'];
  const entry: StatsigEntry | undefined = table && findEntry(values?.[table] as never, entity);
  let group: string | undefined;
  if (
    table === 'dynamic_configs' &&
    entry &&
    (entry.is_experiment_active !== undefined || groupName(entry))
  ) {
    name = `${PREFIX}experiment_exposure`;
    group = groupName(entry);
    metadata['experimentGroupName'] = group;
  }
  const { user, value } = event;
  const ids = (user?.['customIDs'] ?? {}) as Record<string, unknown>;
  // Statsig sends layers without a unit type: theirs is the allocated experiment's.
  const unitType =
    entry?.id_type ?? findEntry(values?.dynamic_configs, entry?.allocated_experiment_name)?.id_type;
  const idType = unitType ?? 'userID';
  const unit =
    idType === 'userID'
      ? user?.['userID']
      : (ids[idType] ?? (idType === 'stableID' ? statsigMetadata['stableID'] : ''));
  return {
    name,
    kind: exposure ? 'exposure' : 'custom',
    properties: {
      userID: user?.['userID'],
      unitID: unitType,
      timestamp: event.time ?? Date.now(),
      value:
        exposure || (typeof value !== 'string' && typeof value !== 'number') ? undefined : value,
      timeUUID: uuid(),
      metadata,
      // Private attributes are skipped when this is flattened (toHeapProperties), at any depth.
      user: includeUser ? user : undefined,
      statsigMetadata,
    },
    ...(exposure && {
      exposure: {
        key: `${unit}\u0000${name}|${entity}|${metadata['parameterName']}`,
        variant: `${metadata['gateValue'] ?? group}|${metadata['ruleID']}`,
        ...(group && { experiment: String(entity), group }),
      },
    }),
  };
}
