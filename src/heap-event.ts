import { uuid } from './environment';
import {
  findEntry,
  groupName,
  isExperiment,
  type StatsigEntry,
  type StatsigValues,
} from './statsig-values';

/** A Statsig event as both SDKs build it for their own logger. */
export interface StatsigEventLike {
  eventName: string;
  user?: Record<string, unknown> | null;
  value?: unknown;
  metadata?: Record<string, unknown> | null;
  time?: number;
}

export const GATE_EXPOSURE = 'statsig::gate_exposure';
export const CONFIG_EXPOSURE = 'statsig::config_exposure';
export const EXPERIMENT_EXPOSURE = 'statsig::experiment_exposure';
export const LAYER_EXPOSURE = 'statsig::layer_exposure';

export interface MappedEvent {
  name: string;
  kind: 'exposure' | 'custom';
  /** Nested; the forwarder flattens it under Heap's limits. */
  properties: Record<string, unknown>;
  /** Exposures: what identifies them for de-duplication and the experiment properties. */
  exposure?: Exposure;
}

export interface Exposure {
  /** The unit's own ID (the userID, stableID or custom ID the entity is keyed by). */
  unit: string;
  /** Event, entity and layer parameter. */
  entity: string;
  /** What the unit got: the gate value or group, and the rule. */
  variant: string;
  /** Experiments with a group: their name (as the app called it) and the group. */
  experiment?: string;
  group?: string;
}

function unitOf(
  idType: string,
  user: Record<string, unknown> | null | undefined,
  stableID: unknown,
): string {
  const ids = (user?.['customIDs'] ?? {}) as Record<string, unknown>;
  const id =
    idType === 'userID'
      ? user?.['userID']
      : (ids[idType] ?? (idType === 'stableID' ? stableID : undefined));
  return String(id ?? '');
}

/** The Statsig user as Heap may see it: never `privateAttributes`. */
export function publicUser(user: Record<string, unknown> | null | undefined) {
  if (!user || typeof user !== 'object') return undefined;
  const { privateAttributes: _never, ...rest } = user;
  return rest;
}

/**
 * Maps one logged Statsig event to its Heap event (contract 3.2). Exposures get their unit
 * type and, for experiments, the group from the values; SDK-internal events map to nothing.
 */
export function toHeapEvent(
  event: StatsigEventLike,
  values: StatsigValues | null | undefined,
  includeUser: boolean,
  statsigMetadata: Record<string, unknown>,
): MappedEvent | undefined {
  const { eventName } = event;
  if (typeof eventName !== 'string') return undefined;
  const metadata: Record<string, unknown> = { ...event.metadata };
  let name = eventName;
  let entry: StatsigEntry | undefined;
  let group: string | undefined;
  if (eventName === GATE_EXPOSURE) {
    entry = findEntry(values?.feature_gates, metadata['gate']);
  } else if (eventName === CONFIG_EXPOSURE) {
    entry = findEntry(values?.dynamic_configs, metadata['config']);
    if (isExperiment(entry)) {
      name = EXPERIMENT_EXPOSURE;
      group = groupName(entry);
      metadata['experimentGroupName'] = group;
    }
  } else if (eventName === LAYER_EXPOSURE) {
    entry = findEntry(values?.layer_configs, metadata['config']);
  } else if (eventName.startsWith('statsig::')) {
    return undefined; // the SDK's own diagnostics, not the app's activity
  }
  const exposure = eventName.startsWith('statsig::');
  const user = event.user;
  const value = event.value;
  const entity = metadata['gate'] ?? metadata['config'];
  return {
    name,
    kind: exposure ? 'exposure' : 'custom',
    ...(exposure && {
      exposure: {
        unit: unitOf(entry?.id_type ?? 'userID', user, statsigMetadata['stableID']),
        entity: `${name}|${entity}|${metadata['parameterName'] ?? ''}`,
        variant: `${metadata['gateValue'] ?? group ?? ''}|${metadata['ruleID']}`,
        ...(group !== undefined && { experiment: String(entity), group }),
      },
    }),
    properties: {
      userID: user?.['userID'],
      unitID: entry?.id_type,
      timestamp: typeof event.time === 'number' ? event.time : Date.now(),
      value:
        !exposure && (typeof value === 'string' || typeof value === 'number') ? value : undefined,
      timeUUID: uuid(),
      metadata,
      user: includeUser ? publicUser(user) : undefined,
      statsigMetadata,
    },
  };
}
