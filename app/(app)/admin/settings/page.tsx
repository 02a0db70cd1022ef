import type { Metadata } from "next";
import { can } from "@/lib/model/authz";
import { requirePermission } from "@/lib/next/session";
import { getSettings } from "@/lib/services/settings";
import { SettingsForm } from "./settings-form";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const actor = await requirePermission("settings:read");
  return (
    <>
      <h1>Settings</h1>
      <SettingsForm settings={await getSettings()} readOnly={!can(actor, "settings:write")} />
    </>
  );
}
