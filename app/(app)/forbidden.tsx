import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Not allowed" };

/** A signed-in user opening a page their role does not include (403), inside the app's layout. */
export default function Forbidden() {
  return (
    <>
      <h1>You may not open this page</h1>
      <p>Your role does not include this page. If you need it, ask an administrator.</p>
      <p>
        <Link href="/">Go to your start page</Link>
      </p>
    </>
  );
}
