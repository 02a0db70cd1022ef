import type { Metadata } from "next";
import { listUsers, USER_SORTS, type UserFilters } from "@/db/queries/users";
import { can, ROLES, type Role } from "@/lib/authz";
import { param, parseListParams, type SearchParams } from "@/lib/list-params";
import { requirePermission } from "@/lib/next/session";
import { UsersTable } from "./_components/users-table";

export const metadata: Metadata = { title: "Users" };

function filtersFrom(searchParams: SearchParams): UserFilters {
  const role = param(searchParams, "role");
  const status = param(searchParams, "status");
  return {
    q: param(searchParams, "q"),
    role: (ROLES as readonly string[]).includes(role ?? "") ? (role as Role) : undefined,
    status: status === "active" || status === "inactive" ? status : undefined,
  };
}

export default async function UsersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requirePermission("users:read");
  const query = await searchParams;
  const params = parseListParams(
    query,
    { sortable: USER_SORTS, defaultSort: "username", defaultDir: "asc" },
    filtersFrom(query),
  );
  const result = await listUsers(params);
  return (
    <>
      <h1>Users</h1>
      <UsersTable
        result={result}
        sort={params.sort}
        dir={params.dir}
        canWrite={can(actor, "users:write")}
        actorId={actor.id}
      />
    </>
  );
}
