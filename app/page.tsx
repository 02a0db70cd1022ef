import { redirect } from "next/navigation";
import { homePath } from "@/lib/model/authz";
import { requireActor } from "@/lib/next/session";
import { ownKeysVisible } from "@/lib/services/access-keys";

export default async function HomePage() {
  const actor = await requireActor();
  redirect(homePath(actor, await ownKeysVisible(actor)));
}
