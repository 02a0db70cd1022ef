import { defineConfig } from "@playwright/test";
import { E2E_DATA_DIR, E2E_DATABASE, E2E_PORT } from "./e2e/support/env";
import { SERVER_NODE_ARGS } from "./scripts/server-command";

const PORT = E2E_PORT;
// Playwright empties its output folder when a run starts: one per port, so side-by-side runs keep their traces.
const DEFAULT_PORT = PORT === 3210;

/** Specs run against the production build (`scripts/e2e.ts` builds it) on a fresh database. */
export default defineConfig({
  testDir: "e2e",
  outputDir: DEFAULT_PORT ? "test-results/e2e" : `test-results/e2e-${PORT}`,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  forbidOnly: true,
  reporter: [
    ["list"],
    ["json", { outputFile: DEFAULT_PORT ? "test-results/e2e-results.json" : `test-results/e2e-results-${PORT}.json` }],
  ],
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
      ],
    },
  },
  projects: [
    // First-run setup creates the administrator every other spec signs in as. Its teardown, the
    // secret-hygiene sweep, runs once every spec that depends on it has finished, passed or not.
    { name: "setup", testMatch: /first-run\.setup\.ts/, teardown: "secret-hygiene" },
    {
      name: "chromium",
      testMatch: /\.spec\.ts/,
      testIgnore: /(last-admin|key-dialog-policy|self-service-key-page)\.spec\.ts/,
      dependencies: ["setup"],
    },
    // Runs alone, after every other spec: it needs to know that exactly one active administrator is left.
    { name: "last-admin", testMatch: /last-admin\.spec\.ts/, dependencies: ["chromium"] },
    // Changes the key lifetime, which every other spec takes as 90 days: also after all of them.
    { name: "key-lifetime", testMatch: /key-dialog-policy\.spec\.ts/, dependencies: ["chromium"] },
    // Changes the site-wide self-service level, which self-service.spec.ts sets for itself: also after all of them.
    { name: "self-service-key-page", testMatch: /self-service-key-page\.spec\.ts/, dependencies: ["chromium"] },
    { name: "secret-hygiene", testMatch: /secret-hygiene\.sweep\.ts/ },
  ],
  webServer: {
    // Everything the server prints is also kept in server.log, for the secret-hygiene sweep.
    command: `mkdir -p ${E2E_DATA_DIR} && node ${SERVER_NODE_ARGS.join(" ")} 2>&1 | tee ${E2E_DATA_DIR}/server.log`,
    url: `http://localhost:${PORT}/login`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(PORT),
      DATABASE_PATH: E2E_DATABASE,
      BCRYPT_COST: "4",
      AUTH_SECRET: "e2e-auth-secret-not-for-production-000000",
      KEY_PEPPER: "e2e-pepper-not-for-production-0000000000",
      // Lets throttling specs present their own client address, so they cannot lock out the others.
      TRUST_PROXY: "1",
      NODE_ENV: "production",
    },
  },
});
