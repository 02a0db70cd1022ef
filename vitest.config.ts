import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["lib/**/*.test.ts", "db/**/*.test.ts", "components/**/*.test.ts", "scripts/**/*.test.ts"],
    setupFiles: ["test/setup.ts"],
    pool: "forks",
    // Two cores: bcrypt and SQLite work is CPU-bound, more workers only contend.
    maxWorkers: 2,
    testTimeout: 20_000,
    env: { BCRYPT_COST: "4", KEY_PEPPER: "test-pepper-not-secret" },
  },
});
