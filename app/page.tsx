import { redirect } from "next/navigation";
import { homePath } from "@/lib/authz";
import { requireActor } from "@/lib/next/session";

export default async function HomePage() {
  redirect(homePath(await requireActor()));
}
