import type { ReactNode } from "react";
import { SiteHeader } from "@/components/layout/site-header";
import { MAIN_CONTENT_ID, mainClassName, SkipLink } from "@/components/layout/skip-link";
import { can } from "@/lib/model/authz";
import { requireActor } from "@/lib/next/session";
import { ownKeysVisible } from "@/lib/services/access-keys";
import { signOutAction } from "./actions";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const actor = await requireActor();
  const ownKeys = await ownKeysVisible(actor);
  const links = [
    can(actor, "users:read") && { href: "/admin/users", label: "Users" },
    can(actor, "keys:read") && { href: "/admin/access-keys", label: "Access Keys" },
    can(actor, "audit:read") && { href: "/admin/audit", label: "Audit" },
    can(actor, "notifications:read") && { href: "/admin/notifications", label: "Notifications" },
    can(actor, "settings:read") && { href: "/admin/settings", label: "Settings" },
    ownKeys && { href: "/me/api-keys", label: "My API Keys" },
    { href: "/me/account", label: "Account" },
    { href: "/api-reference", label: "API" },
  ].filter((link) => link !== false);
  return (
    <>
      <SkipLink />
      <SiteHeader username={actor.username} role={actor.role} links={links} signOut={signOutAction} />
      <main id={MAIN_CONTENT_ID} tabIndex={-1} className={`page ${mainClassName}`}>
        {children}
      </main>
    </>
  );
}
