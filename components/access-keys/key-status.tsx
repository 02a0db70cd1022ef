import type { AccessKey } from "@/lib/model/access-keys";

const LABELS = { active: "Active", inactive: "Inactive", revoked: "Revoked", expired: "Expired" } as const;

export function KeyStatusBadge({ accessKey }: { accessKey: Pick<AccessKey, "effectiveStatus" | "ownerStatus"> }) {
  return (
    <>
      <span className={`badge badge-${accessKey.effectiveStatus}`}>{LABELS[accessKey.effectiveStatus]}</span>
      {accessKey.ownerStatus === "inactive" && <span className="badge badge-owner-inactive">Owner inactive</span>}
    </>
  );
}
