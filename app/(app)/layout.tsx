import type { ReactNode } from "react";
import { SiteHeader } from "@/components/layout/site-header";
import { can } from "@/lib/authz";
import { requireActor } from "@/lib/next/session";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const actor = await requireActor();
  const links = [
    can(actor, "users:read") && { href: "/admin/users", label: "Users" },
    can(actor, "keys:read") && { href: "/admin/access-keys", label: "Access Keys" },
    { href: "/me/account", label: "Account" },
  ].filter((link) => link !== false);
  return (
    <>
      <SiteHeader username={actor.username} role={actor.role} links={links} />
      <main className="page">{children}</main>
    </>
  );
}
