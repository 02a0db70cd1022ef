/** What every benchmark module in bench/ default-exports, so run.ts can run them in turn. */
export type BenchOutcome = {
  /** One line for the summary, e.g. "worst p95 12.3 ms ≤ 50 ms: target met". */
  verdict: string;
  met: boolean;
};

export type Benchmark = (args: string[]) => Promise<BenchOutcome>;

/** `--name=value` as a positive integer, or the fallback. */
export function intArg(args: readonly string[], name: string, fallback: number): number {
  const raw = args.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
  const value = Number(raw);
  return raw !== undefined && Number.isSafeInteger(value) && value > 0 ? value : fallback;
}

/** Progress on stderr, overwritten in place on a terminal, so stdout stays a clean report. */
export function progress(text: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${text}`);
}

export function progressDone(): void {
  if (process.stderr.isTTY) process.stderr.write("\r\x1b[K");
}
