// Runs the benchmarks in bench/ in turn and prints a summary: `npm run bench [-- <filter> [--options]]`.
// A filter (e.g. `grid`) runs only the benchmarks whose name contains it; options go to every benchmark.
import { ms } from "./lib/stats";
import type { Benchmark } from "./lib/types";

// Adding a benchmark: one line here, and a module that default-exports a `Benchmark`.
const BENCHMARKS: { name: string; load: () => Promise<{ default: Benchmark }> }[] = [
  { name: "grid", load: () => import("./grid") },
  { name: "audit", load: () => import("./audit") },
  { name: "verify", load: () => import("./verify") },
  { name: "soak", load: () => import("./soak") },
  { name: "wal", load: () => import("./wal") },
];

const args = process.argv.slice(2);
const filter = args.find((a) => !a.startsWith("--"));
const options = args.filter((a) => a.startsWith("--"));
const selected = BENCHMARKS.filter((b) => !filter || b.name.includes(filter));
if (selected.length === 0) {
  console.error(`No benchmark matches "${filter}". Known: ${BENCHMARKS.map((b) => b.name).join(", ")}`);
  process.exit(2);
}

const summary: string[] = [];
const started = performance.now();
for (const bench of selected) {
  console.log(`\n=== ${bench.name} ===`);
  const start = performance.now();
  const run = (await bench.load()).default;
  const outcome = await run(options);
  const seconds = (performance.now() - start) / 1000;
  summary.push(`${bench.name.padEnd(12)} ${outcome.verdict}  (${ms(seconds, 1)} s)`);
}

console.log(`\n=== summary (${ms((performance.now() - started) / 1000, 1)} s, node ${process.version}) ===`);
for (const line of summary) console.log(line);
