import { performance } from 'node:perf_hooks';

/** Wall-clock milliseconds of one run; `setup` runs before the clock starts. */
export type Timed = () => Promise<void>;

export interface Samples {
  /** One wall-clock duration per measured repetition, in run order. */
  ms: number[];
  /** CPU time this Node process used in each run (user + system): client and in-process BFF, not Dovecot. */
  cpuMs: number[];
}

export interface Summary {
  median: number;
  cpuMedian: number;
  p90: number;
  min: number;
  max: number;
  runs: number;
}

export interface CompareOptions {
  warmups: number;
  /** Measured runs per side; `fastReps` instead when a warm-up round took less than `fastBelowMs`. */
  reps: number;
  fastReps?: number;
  fastBelowMs?: number;
  /** Untimed work before every timed run of either side (e.g. empty the BFF pool, append a message). */
  beforeEach?: (side: 'bff' | 'floor') => Promise<void>;
}

export async function timeOnce(run: Timed): Promise<number> {
  return (await timeAndCpu(run)).ms;
}

export async function timeAndCpu(run: Timed): Promise<{ ms: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await run();
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000 };
}

/**
 * Runs both sides `warmups` times unmeasured, then `reps` times each,
 * interleaved and alternating which side goes first, so drift (page cache,
 * CPU frequency, Dovecot's own caches) hits both sides alike.
 */
export async function compare(bff: Timed, floor: Timed, options: CompareOptions): Promise<{ bff: Samples; floor: Samples }> {
  const result: { bff: Samples; floor: Samples } = { bff: { ms: [], cpuMs: [] }, floor: { ms: [], cpuMs: [] } };
  const one = async (side: 'bff' | 'floor', record: boolean) => {
    await options.beforeEach?.(side);
    const { ms, cpuMs } = await timeAndCpu(side === 'bff' ? bff : floor);
    if (record) {
      result[side].ms.push(ms);
      result[side].cpuMs.push(cpuMs);
    }
    return ms;
  };
  let lastRound = Number.POSITIVE_INFINITY;
  for (let i = 0; i < options.warmups; i++) {
    lastRound = (await one('bff', false)) + (await one('floor', false));
  }
  const fast = options.fastReps !== undefined && lastRound < (options.fastBelowMs ?? 0);
  const reps = fast ? options.fastReps! : options.reps;
  for (let i = 0; i < reps; i++) {
    const order: Array<'bff' | 'floor'> = i % 2 === 0 ? ['bff', 'floor'] : ['floor', 'bff'];
    for (const side of order) await one(side, true);
  }
  return result;
}

export async function repeat(run: Timed, warmups: number, reps: number): Promise<Samples> {
  for (let i = 0; i < warmups; i++) await run();
  const samples: Samples = { ms: [], cpuMs: [] };
  for (let i = 0; i < reps; i++) {
    const { ms, cpuMs } = await timeAndCpu(run);
    samples.ms.push(ms);
    samples.cpuMs.push(cpuMs);
  }
  return samples;
}

/** Nearest-rank percentile (p in 0..100) of the samples. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function summarize(samples: Samples): Summary {
  return {
    median: median(samples.ms),
    cpuMedian: median(samples.cpuMs),
    p90: percentile(samples.ms, 90),
    min: Math.min(...samples.ms),
    max: Math.max(...samples.ms),
    runs: samples.ms.length,
  };
}

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '-';
  return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);
}

/** A plain-text table with right-aligned number columns. */
export function renderTable(header: string[], rows: string[][], rightAligned: ReadonlySet<number>): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (rightAligned.has(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}
