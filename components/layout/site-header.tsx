import Link from "next/link";
import { HeaderMenu } from "./header-menu";
import { NavLink } from "./nav-link";

type Props = {
  username: string;
  role: string;
  links: { href: string; label: string }[];
  /** The "Sign out" form's server action, passed in by the layout (components/ never import app/). */
  signOut: (formData: FormData) => void | Promise<void>;
};

export function SiteHeader({ username, role, links, signOut }: Props) {
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
            <form action={signOut}>
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
