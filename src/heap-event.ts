import { uuid } from './environment';
import { findEntry, groupName, type StatsigEntry, type StatsigValues } from './statsig-values';

/** A Statsig event as both SDKs build it for their own logger. */
export interface StatsigEventLike {
  eventName: string;
  user?: Record<string, unknown> | null;
  value?: unknown;
  metadata?: unknown;
  time?: number;
}

/** What the SDK adapter knows besides the event: the values and who logged it. */
export interface EventContext {
  values: StatsigValues | null | undefined;
  /** `statsigMetadata.*`: stableID, and for statsig-js its type and version. */
  statsigMetadata: Record<string, unknown>;
  /** The Statsig project (SDK key): first exposures are per project. */
  project: unknown;
  /** The user the SDK logged the event for, before its copy (js-client, on-device). */
  user?: unknown;
}

export interface MappedEvent {
  name: string;
  kind: 'exposure' | 'custom';
  /** Nested; the core flattens it under Heap's limits. */
  properties: Record<string, unknown>;
  /** Exposures: what identifies them for de-duplication and the experiment properties. */
  exposure?: Exposure;
}

export interface Exposure {
  /** The event, entity and parameter, the project, and the unit's own ID (userID, stableID or
   * custom ID). */
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
 * What an SDK event is to the plugin: an exposure it forwards, a custom event, Statsig's
 * autocapture, or an SDK-internal event (undefined: never forwarded). A check on the app's
 * call: a string test and one lookup.
 */
export const eventKind = (name: unknown) =>
  typeof name !== 'string'
    ? undefined
    : name.startsWith(PREFIX)
      ? TABLES[name] && ('exposure' as const)
      : name.startsWith('auto_capture::')
        ? ('autocapture' as const)
        : ('custom' as const);

/**
 * Maps one event the SDK logged to its Heap event (contract 3.2): exposures get their unit
 * type and, for experiments, their own name and group from the values. SDK-internal events
 * (diagnostics and the like) map to nothing. The metadata is not copied: the property walker
 * reads it within its bounds, whatever its shape (an object, or a string or number given as
 * metadata, which becomes one `metadata` property).
 */
export function toHeapEvent(
  event: StatsigEventLike,
  { values, statsigMetadata, project, user: sdkUser }: EventContext,
  includeUser: boolean,
): MappedEvent | undefined {
  let name = event.eventName;
  if (typeof name !== 'string') return undefined;
  const exposure = name.startsWith(PREFIX);
  const table = TABLES[name];
  if (exposure && !table) return undefined;
  // The SDK's own object for exposures; for custom events, whatever the app gave.
  const metadata = (table ? event.metadata : undefined) as Record<string, unknown> | undefined;
  const entity = metadata?.['gate'] ?? metadata?.['config'];
  const entry: StatsigEntry | undefined = table && findEntry(values?.[table] as never, entity);
  let group: string | undefined;
  if (
    table === 'dynamic_configs' &&
    entry &&
    (entry.is_experiment_active !== undefined || groupName(entry))
  ) {
    name = `${PREFIX}experiment_exposure`;
    group = groupName(entry);
  }
  const { user, value } = event;
  // Statsig sends layers without a unit type: theirs is the allocated experiment's.
  const unitType =
    entry?.id_type ?? findEntry(values?.dynamic_configs, entry?.allocated_experiment_name)?.id_type;
  const idType = unitType ?? 'userID';
  const unit =
    idType === 'userID'
      ? user?.['userID']
      : ((user?.['customIDs'] as Record<string, unknown> | undefined)?.[idType] ??
        (idType === 'stableID' ? statsigMetadata['stableID'] : ''));
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
      metadata: event.metadata,
      'metadata.experimentGroupName': group,
      // Private attributes are skipped when this is flattened (toHeapProperties), at any depth.
      user: includeUser ? (sdkUser ?? user) : undefined,
      statsigMetadata,
    },
    ...(table && {
      exposure: {
        // The unit last: an absurdly long ID is cut by the memory, never the entity's name.
        key: `${name}|${entity}|${metadata?.['parameterName']}\u0000${project}\u0000${unit}`,
        variant: `${metadata?.['gateValue'] ?? group}|${metadata?.['ruleID']}`,
        ...(group && { experiment: String(entity), group }),
      },
    }),
  };
}
