import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";

/**
 * `npm test`: type check + lint, unit and integration tests (Vitest), end-to-end tests (Playwright),
 * then one closing line "N passed, N failed" summed over every suite.
 */
type Tally = { name: string; passed: number; failed: number };
const tallies: Tally[] = [];

function run(command: string, args: string[]): number {
  console.log(`\n$ ${command} ${args.join(" ")}`);
  return (
    spawnSync(command, args, { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } }).status ?? 1
  );
}

function readJson<T>(file: string): T | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch {
    return undefined;
  }
}

const bin = (name: string) => `node_modules/.bin/${name}`;

// 1. Static checks: each counts as one test.
for (const [name, command, args] of [
  ["typecheck", bin("tsc"), ["--noEmit"]],
  ["lint", bin("biome"), ["check", "."]],
] as const) {
  const status = run(command, [...args]);
  tallies.push({ name, passed: status === 0 ? 1 : 0, failed: status === 0 ? 0 : 1 });
}

// 2. Unit and integration tests.
const vitestOut = "test-results/vitest.json";
rmSync(vitestOut, { force: true });
const vitestStatus = run(bin("vitest"), [
  "run",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${vitestOut}`,
]);
const vitest = readJson<{ numPassedTests: number; numFailedTests: number }>(vitestOut);
tallies.push({
  name: "unit",
  passed: vitest?.numPassedTests ?? 0,
  // A crashed run with no report still counts as a failure.
  failed: vitest ? vitest.numFailedTests + (vitestStatus !== 0 && vitest.numFailedTests === 0 ? 1 : 0) : 1,
});

// 3. End-to-end tests.
const e2eOut = "test-results/e2e-results.json";
rmSync(e2eOut, { force: true });
const e2eStatus = run(bin("tsx"), ["scripts/e2e.ts"]);
const e2e = readJson<{ stats: { expected: number; unexpected: number; flaky: number } }>(e2eOut);
tallies.push({
  name: "e2e",
  passed: e2e ? e2e.stats.expected + e2e.stats.flaky : 0,
  failed: e2e ? e2e.stats.unexpected + (e2eStatus !== 0 && e2e.stats.unexpected === 0 ? 1 : 0) : 1,
});

console.log("");
for (const t of tallies) console.log(`${t.name}: ${t.passed} passed, ${t.failed} failed`);
const passed = tallies.reduce((sum, t) => sum + t.passed, 0);
const failed = tallies.reduce((sum, t) => sum + t.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
