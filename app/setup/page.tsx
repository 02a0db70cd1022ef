import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { countUsers } from "@/lib/services/users";
import { SetupForm } from "./setup-form";

export const metadata: Metadata = { title: "Set up Keyward" };
export const dynamic = "force-dynamic";

export default async function SetupPage() {
  // First run only: once a user exists this page no longer exists.
  if ((await countUsers()) > 0) notFound();
  return (
    <main className="card auth-card">
      <h1>Welcome to Keyward</h1>
      <p className="muted">Create the first administrator account. You will be signed in right away.</p>
      <SetupForm />
    </main>
  );
}
