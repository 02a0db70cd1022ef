import Link from "next/link";
import { signOutAction } from "@/app/(app)/actions";
import { HeaderMenu } from "./header-menu";
import { NavLink } from "./nav-link";

type Props = { username: string; role: string; links: { href: string; label: string }[] };

export function SiteHeader({ username, role, links }: Props) {
  return (
    <header className="site-header">
      <div className="site-header-inner">
        <Link href="/" className="brand">
          Keyward
        </Link>
        <HeaderMenu>
          <nav aria-label="Main" className="site-nav">
            {links.map((link) => (
              <NavLink key={link.href} href={link.href}>
                {link.label}
              </NavLink>
            ))}
          </nav>
          <div className="user-box">
            <span>
              Signed in as <strong data-testid="current-username">{username}</strong>{" "}
              <span className="muted">({role})</span>
            </span>
            <form action={signOutAction}>
              <button type="submit" className="btn btn-small">
                Sign out
              </button>
            </form>
          </div>
        </HeaderMenu>
      </div>
    </header>
  );
}
