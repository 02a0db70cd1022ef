import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Not found" };

/** Every 404 (unknown address, or a page this user may not see): its content inside a landmark. */
export default function NotFound() {
  return (
    <main className="card auth-card">
      <h1>Page not found</h1>
      <p>There is nothing here, or nothing you may see.</p>
      <p>
        <Link href="/">Go to Keyward</Link>
      </p>
    </main>
  );
}
