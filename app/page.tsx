import { redirect } from "next/navigation";
import { getSettings } from "@/db/queries/settings";
import { homePath } from "@/lib/model/authz";
import { requireActor } from "@/lib/next/session";
import { selfServiceAllows } from "@/lib/self-service";

export default async function HomePage() {
  const actor = await requireActor();
  const { selfServiceLevel } = await getSettings();
  redirect(homePath(actor, selfServiceAllows(selfServiceLevel, "view")));
}
