import type { Metadata } from "next";
import { userListParams } from "@/lib/list-filters";
import type { SearchParams } from "@/lib/list-params";
import { can } from "@/lib/model/authz";
import { requirePermission } from "@/lib/next/session";
import { listUsers } from "@/lib/services/users";
import { UsersTable } from "./_components/users-table";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requirePermission("users:read");
  const params = userListParams(await searchParams);
  const result = await listUsers(actor, params);
  return (
    <>
      <h1>Users</h1>
      <UsersTable
        result={result}
        sort={params.sort}
        dir={params.dir}
        canWrite={can(actor, "users:write")}
        actorId={actor.id}
        now={Date.now()}
      />
    </>
  );
}
