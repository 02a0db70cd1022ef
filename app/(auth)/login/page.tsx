import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentActor } from "@/lib/next/session";
import { countUsers } from "@/lib/services/users";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  if ((await countUsers()) === 0) redirect("/setup");
  const actor = await currentActor();
  if (actor) redirect("/");
  const { callbackUrl } = await searchParams;
  return (
    <main className="card auth-card">
      <h1>Sign in to Keyward</h1>
      <LoginForm callbackUrl={typeof callbackUrl === "string" ? callbackUrl : undefined} />
    </main>
  );
}
