/**
 * One e2e run = one port, one database, one saved admin session: two runs on different E2E_PORTs
 * (and NEXT_DIST_DIRs) can go on side by side. scripts/e2e.ts deletes these before each run.
 */
export const E2E_PORT = Number(process.env.E2E_PORT) || 3210;
export const E2E_DATA_DIR = `e2e/.data/${E2E_PORT}`;
export const E2E_DATABASE = `${E2E_DATA_DIR}/e2e.db`;
export const E2E_AUTH_DIR = `e2e/.auth/${E2E_PORT}`;
export const ADMIN_STATE = `${E2E_AUTH_DIR}/admin.json`;
/** The Next build the e2e server runs (its server-reference manifest names the server actions). */
export const NEXT_DIST_DIR = process.env.NEXT_DIST_DIR || ".next";
export const ADMIN = {
  username: "admin",
  password: "admin-password-e2e",
  fullName: "First Admin",
  email: "admin@example.test",
};
