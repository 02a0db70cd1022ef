import type { Role } from "./authz";

/** A user as it may leave storage: everything but the password hash. */
export type User = {
  id: number;
  username: string;
  fullName: string;
  email: string;
  role: Role;
  status: "active" | "inactive";
  createdAt: Date;
  lastSignInAt: Date | null;
};
export type UserListRow = User & { keyCount: number };

export const USER_SORTS = [
  "username",
  "fullName",
  "email",
  "role",
  "status",
  "keys",
  "lastSignInAt",
  "createdAt",
] as const;
export type UserSort = (typeof USER_SORTS)[number];
export type UserFilters = { q?: string; role?: Role; status?: "active" | "inactive" };

export type CredentialCheck =
  | { ok: true; user: User }
  | { ok: false; reason: "unknown_user" | "wrong_password" | "inactive"; user?: User };
