import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { CLIENT_IP_HEADER } from "@/lib/client-ip";
import { redactSecrets } from "@/lib/keys";
import { SESSION_MAX_AGE_SECONDS } from "@/lib/sessions";
import { attemptSignIn } from "@/lib/sign-in";
import { signInSchema } from "@/lib/validation/users";

/** The session carries its server-side id (a row in `sessions`); see lib/next/session.ts. */
export type SessionWithId = { sessionId?: string };

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
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
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
        return { id: String(outcome.user.id), name: outcome.user.username, sessionId: outcome.sessionId };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) {
        token.uid = user.id;
        token.sid = (user as SessionWithId).sessionId;
      }
      return token;
    },
    session({ session, token }) {
      if (typeof token.uid === "string") session.user.id = token.uid;
      if (typeof token.sid === "string") (session as SessionWithId).sessionId = token.sid;
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
