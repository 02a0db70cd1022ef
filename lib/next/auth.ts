import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getSessionActor } from "@/db/queries/users";
import { CLIENT_IP_HEADER } from "@/lib/client-ip";
import { redactSecrets } from "@/lib/keys";
import { attemptSignIn } from "@/lib/sign-in";
import { signInSchema } from "@/lib/validation/users";

/** The session carries the user's session version at sign-in; see lib/next/session.ts. */
export type SessionWithVersion = { sessionVersion?: number };

/** Carries our refusal (code and a message safe to show) out of `authorize`. */
export class SignInRefused extends CredentialsSignin {
  constructor(
    code: string,
    readonly userMessage: string,
  ) {
    super(userMessage);
    this.code = code;
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  trustHost: true,
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/login" },
  providers: [
    Credentials({
      credentials: { username: { label: "Username" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, request) {
        const parsed = signInSchema.safeParse(credentials);
        if (!parsed.success) throw new SignInRefused("invalid", "Enter your username and password.");
        const outcome = await attemptSignIn(parsed.data.username, parsed.data.password, {
          ip: request.headers.get(CLIENT_IP_HEADER),
          userAgent: request.headers.get("user-agent"),
        });
        if (!outcome.ok) throw new SignInRefused(outcome.code, outcome.message);
        const sessionVersion = (await getSessionActor(outcome.user.id))?.sessionVersion ?? 0;
        return { id: String(outcome.user.id), name: outcome.user.username, sessionVersion };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) {
        token.uid = user.id;
        token.sv = (user as { sessionVersion?: number }).sessionVersion ?? 0;
      }
      return token;
    },
    session({ session, token }) {
      if (typeof token.uid === "string") session.user.id = token.uid;
      (session as SessionWithVersion).sessionVersion = typeof token.sv === "number" ? token.sv : -1;
      return session;
    },
  },
  logger: {
    // A refused sign-in is audited already; Auth.js would otherwise print it as an error with a stack.
    error(error) {
      if (error instanceof CredentialsSignin || error.name === "CredentialsSignin") return;
      console.error(redactSecrets(`[auth] ${error.name}: ${error.message}`));
    },
    warn() {},
    debug() {},
  },
});
