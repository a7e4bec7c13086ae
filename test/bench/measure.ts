// Timing, statistics and the one table `npm run bench` prints.

/** One row: figure | min / median / max | goal | met? (with any detail after the spread). */
export interface Row {
  figure: string;
  measured: string;
  goal: string;
  met: string;
}
export const rows: Row[] = [];

export function report(figure: string, measured: string, goal: string, met?: boolean | string) {
  rows.push({
    figure,
    measured,
    goal,
    met: met === undefined ? '' : typeof met === 'string' ? met : met ? 'yes' : 'NO',
  });
}

export function table(): string {
  const head: Row = { figure: 'figure', measured: 'min / median / max', goal: 'goal', met: 'met?' };
  const keys = ['figure', 'measured', 'goal', 'met'] as const;
  const all = [head, ...rows];
  const widths = keys.map((k) => Math.max(...all.map((r) => r[k].length)));
  const line = (r: Row) =>
    `| ${keys.map((k, i) => r[k].padEnd(widths[i] as number)).join(' | ')} |`;
  const rule = `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`;
  return ['', line(head), rule, ...rows.map(line), ''].join('\n');
}

export const sorted = (list: number[]) => [...list].sort((a, b) => a - b);
export function median(list: number[]): number {
  const s = sorted(list);
  if (!s.length) return Number.NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}
export interface Spread {
  min: number;
  median: number;
  max: number;
}
export const spreadOf = (list: number[]): Spread => {
  const s = sorted(list);
  return { min: s[0] ?? Number.NaN, median: median(s), max: s[s.length - 1] ?? Number.NaN };
};
export const x = (n: number) => `${n.toFixed(2)}×`;
export const us = (ms: number) =>
  ms >= 100
    ? `${(ms / 1000).toFixed(2)} s`
    : ms >= 1
      ? `${ms.toFixed(2)} ms`
      : `${(ms * 1000).toFixed(1)} µs`;
export const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
export const fmt = (s: Spread, unit: (n: number) => string = x) =>
  `${unit(s.min)} / ${unit(s.median)} / ${unit(s.max)}`;

/** Per-round ratios a[i] ÷ b[i]: each round's two timings were taken side by side. */
export const ratios = (a: number[], b: number[]) => a.map((t, i) => t / (b[i] as number));

/**
 * The bench's clock: this process's CPU time in milliseconds (user + system, microsecond
 * resolution), not wall time. On a shared 2-core machine a timed block is often taken off the
 * CPU for other processes; wall time then measures them, CPU time still measures the block.
 * The bench runs V8 with --single-threaded (vitest.bench.config.ts): otherwise this would
 * also count V8's helper threads (parallel garbage collection, background compilation), which
 * made one initializeSync vary by half its time; now the garbage a block makes is collected,
 * and paid for, on the thread that made it.
 */
export const now = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
/** Lets timers run (Statsig's, jsdom's storage events): between rounds, never inside a timing. */
export const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

const gcFn = (globalThis as { gc?: () => void }).gc;
/** A full collection between rounds (vitest runs the bench with --expose-gc), never inside a timing. */
export const collect = () => {
  gcFn?.();
};
/** Heap in use after two full collections: what is still reachable. */
export const heapUsed = () => {
  gcFn?.();
  gcFn?.();
  return process.memoryUsage().heapUsed;
};

/**
 * The order of the variants in round `r`: rotated by one each round and reversed every other
 * round, so each variant runs in every position, and each neighbour both before and after it.
 */
export function orderFor<T>(names: T[], r: number): T[] {
  const k = r % names.length;
  const rotated = [...names.slice(k), ...names.slice(0, k)];
  return Math.floor(r / names.length) % 2 ? rotated.reverse() : rotated;
}
