import type Database from "better-sqlite3";
import { containsPattern } from "../../lib/list-params";
import type { KeyFilters, KeySort } from "../../lib/model/access-keys";

/**
 * An independent, deliberately naive statement of what the Access Keys grid returns (one join,
 * the filters as db/queries/access-keys.ts documents them, sort then id, limit/offset), used by
 * `npm run bench -- grid --check` to prove a tuned query returns the same page and total.
 * Keep it in step with the documented semantics when they change.
 */
const sortSql: Record<KeySort, string> = {
  name: "a.name",
  clientId: "a.client_id",
  owner: "lower(u.username)",
  ownerStatus: "u.status",
  email: "lower(u.email)",
  status: "a.status",
  createdBy: "a.created_by_username",
  createdAt: "a.created_at",
  expiresAt: "a.expires_at",
  lastUsedAt: "a.last_used_at",
};

export function referencePage(
  sqlite: Database.Database,
  params: { page: number; pageSize: number; sort: KeySort; dir: "asc" | "desc"; filters: KeyFilters },
  now: number,
): { ids: number[]; total: number } {
  const f = params.filters;
  const terms: string[] = [];
  const args: (string | number)[] = [];
  const like = (column: string, text: string) => {
    terms.push(`${column} like ? escape '\\'`);
    args.push(containsPattern(text));
  };
  if (f.ownerId !== undefined) {
    terms.push("a.owner_id = ?");
    args.push(f.ownerId);
  }
  if (f.name) like("a.name", f.name);
  if (f.clientId) like("a.client_id", f.clientId);
  if (f.status === "revoked") terms.push("a.status = 'revoked'");
  else if (f.status === "expired")
    terms.push(`a.status <> 'revoked' and a.expires_at is not null and a.expires_at <= ${now}`);
  else if (f.status) {
    terms.push(`a.status = ? and (a.expires_at is null or a.expires_at > ${now})`);
    args.push(f.status);
  }
  if (f.owner) {
    terms.push("(u.username like ? escape '\\' or u.full_name like ? escape '\\')");
    args.push(containsPattern(f.owner), containsPattern(f.owner));
  }
  if (f.createdBy) like("a.created_by_username", f.createdBy);
  if (f.expiresBy)
    terms.push(`a.expires_at is not null and a.expires_at <= ${Date.parse(`${f.expiresBy}T23:59:59.999Z`)}`);
  if (f.neverExpires) terms.push("a.expires_at is null");
  const from = `from access_keys a join users u on u.id = a.owner_id ${terms.length ? `where ${terms.join(" and ")}` : ""}`;
  const total = sqlite
    .prepare(`select count(*) ${from}`)
    .pluck()
    .get(...args) as number;
  // Status sorts by the status the grid shows: revoked, else expired (derived), else the stored one.
  const sortBy =
    params.sort === "status"
      ? `(case when a.status = 'revoked' then 'revoked' when a.expires_at is not null and a.expires_at <= ${now} then 'expired' else a.status end)`
      : sortSql[params.sort];
  const order = `order by ${sortBy} ${params.dir}, a.id ${params.dir}`;
  const ids = sqlite
    .prepare(`select a.id ${from} ${order} limit ? offset ?`)
    .pluck()
    .all(...args, params.pageSize, (params.page - 1) * params.pageSize) as number[];
  return { ids, total };
}
