import type { HeapRecord } from '../../support/heap-stand-in';
import type { IngestRequest } from './heap-server';

/** Who made the call: the plugin, Heap itself (session, pageview, autocapture, start-up), the test. */
export type Source = 'ours' | 'heap' | 'test';

/** One message Heap's library sent, readable: every value is the string Heap sent. */
export interface Recorded {
  type: 'track' | 'identify' | 'user_properties' | 'session' | 'pageview' | 'interaction' | 'other';
  source: Source;
  /** track: the event name. */
  name?: string;
  /** track: its properties; user_properties: the user properties. */
  properties?: Record<string, string>;
  /** Messages on /track: the event properties heap.js attached (addEventProperties). */
  eventProperties?: Record<string, string>;
  identity: string | null;
  /** Heap's user id as sent; null when the message went without one. */
  userId: string | null;
  /** The same user as a small number, in order of appearance (0 = first); null without. */
  user: number | null;
  /** Milliseconds since epoch, as Heap stamped it (absent on user properties: 0). */
  time: number;
}

export interface HeapLog {
  /** Everything, in time order (messages on /track, identify, user properties). */
  all: Recorded[];
  /** The plugin's track calls, in order. */
  ours: Recorded[];
  identifies: Recorded[];
  /** addUserProperties calls (Heap's empty start-up one is left out). */
  userProperties: Recorded[];
  /** What the stand-in's model records, for the conformance test (not Heap's own). */
  asHeapRecords(): HeapRecord[];
}

const TEST_PREFIX = 'test:';
type Values = Record<string, { string?: string }> | undefined;
const strings = (map: Values): Record<string, string> =>
  Object.fromEntries(Object.entries(map ?? {}).map(([key, value]) => [key, value.string ?? '']));
const millis = (time: { seconds?: string; nanos?: number } | undefined): number =>
  time ? Number(time.seconds ?? 0) * 1000 + Math.round((time.nanos ?? 0) / 1e6) : 0;

function fromMessage(message: any): Omit<Recorded, 'user'> {
  const base = {
    identity: message.identity || null,
    userId: message.user_id || null,
    time: millis(message.time),
    eventProperties: strings(message.properties),
  };
  const custom = message.event?.custom;
  if (custom) {
    const name: string = custom.name ?? '';
    return {
      ...base,
      type: 'track',
      source: name.startsWith(TEST_PREFIX) ? 'test' : 'ours',
      name,
      properties: strings(custom.properties),
    };
  }
  const kind = message.event?.interaction ? 'interaction' : message.kind;
  return {
    ...base,
    type: ['session', 'pageview', 'interaction'].includes(kind) ? kind : 'other',
    source: 'heap',
  };
}

/**
 * The ingest requests of one Heap environment, decoded into a readable log. heap.js may send
 * a batch twice (on page hide it sends without dequeuing): messages are kept once, by id, and
 * identify / user-properties bodies once, by their bytes. Messages are ordered by the time
 * heap.js stamped them, then by arrival: batches of one flush can arrive in any order.
 */
export function readHeapLog(requests: readonly IngestRequest[], envId: string): HeapLog {
  const seen = new Set<string>();
  const entries: { entry: Omit<Recorded, 'user'>; order: number }[] = [];
  let order = 0;
  for (const request of requests) {
    if (request.envId !== envId) continue;
    if (request.path === '/api/capture/v2/track') {
      for (const message of request.decoded.events ?? []) {
        if (seen.has(`m${message.id}`)) continue;
        seen.add(`m${message.id}`);
        entries.push({ entry: fromMessage(message), order: order++ });
      }
      continue;
    }
    const key = `${request.path} ${request.body.toString('hex')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const { decoded } = request;
    const common = { userId: decoded.user_id || null, time: millis(decoded.time) };
    if (request.path === '/api/capture/v2/identify') {
      entries.push({
        entry: { ...common, type: 'identify', source: 'ours', identity: decoded.identity || null },
        order: order++,
      });
    } else {
      const properties = strings(decoded.properties);
      // Heap's own start-up call carries the initial device and no properties.
      const source: Source = Object.keys(properties).length ? 'ours' : 'heap';
      entries.push({
        entry: { ...common, type: 'user_properties', source, properties, identity: null },
        order: order++,
      });
    }
  }
  // User properties carry no time: they keep their arrival place among the rest.
  let last = 0;
  const timed = entries.map(({ entry, order }) => {
    last = entry.time || last;
    return { entry, order, time: last };
  });
  timed.sort((a, b) => a.time - b.time || a.order - b.order);
  const users = new Map<string, number>();
  const all: Recorded[] = timed.map(({ entry }) => {
    if (entry.userId && !users.has(entry.userId)) users.set(entry.userId, users.size);
    return { ...entry, user: entry.userId ? (users.get(entry.userId) as number) : null };
  });
  const mine = (entry: Recorded) => entry.source !== 'heap';
  return {
    all,
    ours: all.filter((entry) => entry.type === 'track' && entry.source === 'ours'),
    identifies: all.filter((entry) => entry.type === 'identify'),
    userProperties: all.filter((entry) => entry.type === 'user_properties' && mine(entry)),
    asHeapRecords: () =>
      all.filter(mine).map((entry): HeapRecord => {
        if (entry.type === 'track') {
          return {
            type: 'track',
            name: entry.name as string,
            properties: entry.properties as Record<string, string>,
            eventProperties: entry.eventProperties as Record<string, string>,
            identity: entry.identity,
            user: entry.user,
          };
        }
        if (entry.type === 'identify') {
          return { type: 'identify', identity: entry.identity as string, user: entry.user };
        }
        return {
          type: 'user_properties',
          properties: entry.properties as Record<string, string>,
          user: entry.user,
        };
      }),
  };
}

const short = (text: string, max = 60) =>
  text.length > max ? `${text.slice(0, max - 12)}…(${text.length})${text.slice(-4)}` : text;
const map = (props: Record<string, string> | undefined) =>
  JSON.stringify(
    Object.fromEntries(Object.entries(props ?? {}).map(([k, v]) => [short(k, 40), short(v)])),
  );

/** One line per message: for reading in a failure or a report. */
export function dumpHeapLog(log: HeapLog): string {
  return log.all
    .map((entry) => {
      const who = `user#${entry.user ?? '-'} identity=${entry.identity ?? '-'}`;
      const head = `${entry.source.padEnd(4)} ${entry.type.padEnd(15)} ${who}`;
      if (entry.type === 'track') {
        const events = Object.keys(entry.eventProperties ?? {}).length
          ? ` eventProps=${map(entry.eventProperties)}`
          : '';
        return `${head} ${JSON.stringify(short(entry.name ?? ''))} ${map(entry.properties)}${events}`;
      }
      if (entry.type === 'user_properties') return `${head} ${map(entry.properties)}`;
      return head;
    })
    .join('\n');
}
