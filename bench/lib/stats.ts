/** Timing samples and their summary; every figure is in milliseconds. */
export type Summary = { n: number; min: number; p50: number; p95: number; p99: number; max: number; mean: number };

/** Linear-interpolated percentile (0–100) of an ascending array. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const a = sorted[low] as number;
  const b = sorted[high] as number;
  return a + (b - a) * (rank - low);
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    min: sorted[0] ?? Number.NaN,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    mean: sorted.reduce((sum, v) => sum + v, 0) / sorted.length,
  };
}

export type SampleOptions = { warmup?: number; iterations?: number };
/** Wall-clock and CPU time (user + system, whole process) of each timed call, in ms. */
export type Samples = { wall: number[]; cpu: number[] };

/**
 * Runs `fn(i)` `warmup` times untimed, then `iterations` times timed one call at a time.
 * `i` counts the timed calls from 0, so a case can vary its input (e.g. a random id).
 * CPU time is kept beside wall time: on a shared machine it shows what the code costs when
 * the wall clock also counts waiting for a core.
 */
export async function sample(
  fn: (i: number) => unknown,
  { warmup = 3, iterations = 30 }: SampleOptions = {},
): Promise<Samples> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    await fn(i);
    wall.push(performance.now() - start);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  }
  return { wall, cpu };
}

export const concat = (a: Samples, b: Samples): Samples => ({
  wall: [...a.wall, ...b.wall],
  cpu: [...a.cpu, ...b.cpu],
});

/** `a / b` as "×1.23", or "–" when the baseline is unusable. */
export function ratio(a: number, b: number): string {
  return b > 0 && Number.isFinite(a) ? `×${(a / b).toFixed(2)}` : "–";
}

export const ms = (value: number, digits = 2) => value.toFixed(digits);

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
