import type { Actor } from "@/lib/model/authz";

/** An active administrator that is no row: for tests, fixtures and benchmarks that call a service as "the system". */
export const rootActor: Actor = { id: 0, username: "root", role: "admin", status: "active" };
