/** Small helpers shared by the benchmarks: timing loops, alternating comparisons, medians. */

export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  /** The comparison side (or the target, for absolute figures). */
  baseline: number | null;
  /** value / baseline (or the figure compared with its target). */
  ratio: number | null;
  target?: string;
  met?: boolean;
  note?: string;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Operations per second of a synchronous function over at least `minMs`. */
export function opsPerSecond(fn: () => void, minMs = 200): number {
  // Warm-up so both sides run optimised code.
  for (let i = 0; i < 200; i++) fn();
  let iterations = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (let i = 0; i < 100; i++) fn();
    iterations += 100;
    elapsed = performance.now() - started;
  }
  return (iterations / elapsed) * 1000;
}

/** Operations per second of an async function run sequentially `count` times. */
export async function asyncOpsPerSecond(fn: () => Promise<unknown>, count: number): Promise<number> {
  for (let i = 0; i < 50; i++) await fn();
  const started = performance.now();
  for (let i = 0; i < count; i++) await fn();
  return (count / (performance.now() - started)) * 1000;
}

/**
 * Runs both sides alternately for `rounds` rounds and returns the median of each side and the
 * median of the per-round ratios (ours / theirs).
 */
export async function alternate(
  rounds: number,
  ours: () => number | Promise<number>,
  theirs: () => number | Promise<number>,
): Promise<{ ours: number; theirs: number; ratio: number }> {
  const a: number[] = [];
  const b: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const first = r % 2 === 0;
    const x = first ? await ours() : await theirs();
    const y = first ? await theirs() : await ours();
    const o = first ? x : y;
    const t = first ? y : x;
    a.push(o);
    b.push(t);
    ratios.push(o / t);
  }
  return { ours: median(a), theirs: median(b), ratio: median(ratios) };
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
