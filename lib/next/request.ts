import { headers } from "next/headers";
import { CLIENT_IP_HEADER } from "@/lib/client-ip";
import type { AuditContext } from "@/lib/model/audit";
import type { Actor } from "@/lib/model/authz";

/** The caller's IP (set by our server from the socket, never from the client) and user agent. */
export async function requestOrigin(): Promise<{ ip: string | null; userAgent: string | null }> {
  const h = await headers();
  return { ip: h.get(CLIENT_IP_HEADER), userAgent: h.get("user-agent") };
}

export async function auditContext(actor: Pick<Actor, "id" | "username"> | null): Promise<AuditContext> {
  const origin = await requestOrigin();
  return { actorId: actor?.id ?? null, actorUsername: actor?.username ?? null, ...origin };
}
