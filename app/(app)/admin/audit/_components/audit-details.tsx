import { Fragment } from "react";
import { auditDetails } from "@/lib/model/audit-display";
import styles from "./audit.module.css";

/** An event's details as labelled values ("Owner: alice", "From: 3600"), not raw JSON. */
export function AuditDetails({ event, details }: { event: string; details: string | null }) {
  const items = auditDetails(event, details);
  if (!items.length) return null;
  return (
    <dl className={styles.details}>
      {items.map((item) => (
        // The space after each pair keeps the text readable when copied or read as plain text.
        <Fragment key={item.label}>
          <div>
            <dt>{item.label}:</dt> <dd>{item.value}</dd>
          </div>{" "}
        </Fragment>
      ))}
    </dl>
  );
}
