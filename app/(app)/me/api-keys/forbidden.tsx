import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "My API Keys is turned off" };

/** My API Keys at self-service level `none` (403): says why, inside the app's layout, with a way on. */
export default function SelfServiceOff() {
  return (
    <>
      <h1>My API Keys is turned off</h1>
      <p>
        An administrator has turned off self-service for API keys, so you cannot see or manage your own keys here. Ask
        an administrator to create, change or revoke a key for you.
      </p>
      <p>
        <Link href="/me/account">Go to your account</Link>
      </p>
    </>
  );
}
