import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { E2E_AUTH_DIR, E2E_DATA_DIR } from "../e2e/support/env";
import { ensureChromium } from "./ensure-chromium";

/**
 * Builds the production bundle, starts from an empty database and runs Playwright.
 * E2E_SKIP_BUILD=1 reuses the last build while iterating on specs. Extra arguments go to Playwright.
 */
ensureChromium();
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
if (process.env.E2E_SKIP_BUILD !== "1") {
  const build = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: "inherit", env });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
rmSync(E2E_DATA_DIR, { recursive: true, force: true });
rmSync(E2E_AUTH_DIR, { recursive: true, force: true });
const run = spawnSync(process.execPath, ["node_modules/@playwright/test/cli.js", "test", ...process.argv.slice(2)], {
  stdio: "inherit",
  env,
});
process.exit(run.status ?? 1);
