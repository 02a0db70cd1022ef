/** Where the e2e server keeps its database; scripts/e2e.ts deletes the folder before each run. */
export const E2E_DATA_DIR = "e2e/.data";
export const E2E_DATABASE = `${E2E_DATA_DIR}/e2e.db`;
export const ADMIN_STATE = "e2e/.auth/admin.json";
export const ADMIN = {
  username: "admin",
  password: "admin-password-e2e",
  fullName: "First Admin",
  email: "admin@example.test",
};
