import type { Metadata } from "next";
import { forPage } from "@/lib/next/page-errors";
import { requireActor } from "@/lib/next/session";
import { getUser } from "@/lib/services/users";
import { ChangePasswordForm } from "./change-password-form";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const actor = await requireActor();
  const user = await forPage(getUser(actor, actor.id));
  return (
    <>
      <h1>Account</h1>
      <section className="card" aria-labelledby="profile-heading" style={{ marginBottom: "1rem" }}>
        <h2 id="profile-heading">Profile</h2>
        <dl>
          <dt>Username</dt>
          <dd>{user.username}</dd>
          <dt>Full name</dt>
          <dd>{user.fullName}</dd>
          <dt>Email</dt>
          <dd>{user.email}</dd>
          <dt>Role</dt>
          <dd>{user.role}</dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="password-heading" style={{ maxWidth: 480 }}>
        <h2 id="password-heading">Change password</h2>
        <ChangePasswordForm />
      </section>
    </>
  );
}
