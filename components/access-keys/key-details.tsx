import Link from "next/link";
import { LastUsed } from "@/components/time/last-used";
import { LocalTime } from "@/components/time/local-time";
import type { AccessKey } from "@/lib/model/access-keys";
import { auditEventLabel, auditOutcomeLabel } from "@/lib/model/audit-display";
import { formatRelative } from "@/lib/model/format";
import { KeyStatusBadge } from "./key-status";

type HistoryRow = {
  id: number;
  at: Date;
  event: string;
  outcome: string;
  actorUsername: string | null;
  reason: string | null;
};

/** A key's details and its own audit history (server component; nothing secret is shown). */
export function KeyDetails({
  accessKey,
  history,
  auditHref,
}: {
  accessKey: AccessKey;
  history: HistoryRow[];
  /** The audit page, for those who may read it. */
  auditHref?: string;
}) {
  const now = Date.now();
  return (
    <>
      <section className="card" aria-labelledby="key-details-heading" style={{ marginBottom: "1rem" }}>
        <h2 id="key-details-heading">Details</h2>
        <dl className="details-grid">
          <dt>Client ID</dt>
          <dd className="mono">{accessKey.clientId}</dd>
          <dt>Status</dt>
          <dd>
            <KeyStatusBadge accessKey={accessKey} />
          </dd>
          <dt>Owner</dt>
          <dd>
            {accessKey.ownerUsername} ({accessKey.ownerEmail})
          </dd>
          <dt>Description</dt>
          <dd>{accessKey.description || "—"}</dd>
          <dt>Secret</dt>
          <dd className="mono">…{accessKey.secretHint}</dd>
          <dt>Bearer token</dt>
          <dd>{accessKey.bearerEnabled ? "Enabled" : "Disabled"}</dd>
          <dt>Created</dt>
          <dd>
            <LocalTime value={accessKey.createdAt} /> by {accessKey.createdByUsername}
          </dd>
          <dt>Updated</dt>
          <dd>
            <LocalTime value={accessKey.updatedAt} />
          </dd>
          <dt>Expires</dt>
          <dd>
            {accessKey.expiresAt ? (
              <>
                <LocalTime value={accessKey.expiresAt} /> (
                {`${accessKey.effectiveStatus === "expired" ? "expired " : ""}${formatRelative(accessKey.expiresAt, now)}`}
                )
              </>
            ) : (
              "Never"
            )}
          </dd>
          <dt>Last used</dt>
          <dd>
            <LastUsed value={accessKey.lastUsedAt} now={now} />
            {accessKey.lastUsedIp ? ` from ${accessKey.lastUsedIp}` : ""}
          </dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="key-history-heading">
        <h2 id="key-history-heading">History</h2>
        {auditHref && (
          <p>
            <Link href={`${auditHref}?clientId=${encodeURIComponent(accessKey.clientId)}`}>
              All audit events for this key
            </Link>
          </p>
        )}
        {history.length === 0 ? (
          <p className="muted">No events yet.</p>
        ) : (
          <table className="simple-table" aria-label="Key history">
            <thead>
              <tr>
                <th>Time</th>
                <th>Event</th>
                <th>Actor</th>
                <th>Outcome</th>
              </tr>
            </thead>
            <tbody>
              {history.map((event) => (
                <tr key={event.id}>
                  <td>
                    <LocalTime value={event.at} />
                  </td>
                  <td>{auditEventLabel(event.event)}</td>
                  <td>{event.actorUsername ?? "—"}</td>
                  <td>{auditOutcomeLabel(event.outcome, event.reason)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
