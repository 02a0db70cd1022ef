import { listAuditEvents as listAuditRows } from "@/db/queries/audit";
import { type Actor, authorize } from "@/lib/model/authz";

type AuditListParams = Parameters<typeof listAuditRows>[0];

/** A page of the audit log, for those who may read it (the Audit page, GET /api/v1/audit). */
export async function listAuditEvents(actor: Actor, params: AuditListParams) {
  authorize(actor, "audit:read");
  return listAuditRows(params);
}
