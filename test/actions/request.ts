// The fake request behind server actions in Vitest: what `next/headers`, `next/cache` and
// `@/lib/next/auth` return while a test calls an action directly. Each test file mocks those three
// modules with the objects below (vi.mock factories import this file, which imports nothing of
// the app). The session is Auth.js's JWT content; `currentActor()` itself is the real one, so the
// user is re-read from the database exactly as in production.

export const APP_HOST = "keyward.test:3000";
export const APP_ORIGIN = `http://${APP_HOST}`;

export type FakeSession = { user: { id: string }; sessionId: string };

export const fakeRequest = {
  headers: new Headers(),
  session: null as FakeSession | null,
  signIns: 0,
  signOuts: 0,
};

/** The next call comes from `origin` (null: no Origin header at all) with the given session. */
export function setRequest(options: { origin?: string | null; session?: FakeSession | null } = {}): void {
  const origin = options.origin === undefined ? APP_ORIGIN : options.origin;
  fakeRequest.headers = new Headers({
    host: APP_HOST,
    "user-agent": "vitest",
    "x-keyward-client-ip": "203.0.113.7",
    ...(origin === null ? {} : { origin }),
  });
  if (options.session !== undefined) fakeRequest.session = options.session;
}
setRequest();

export const nextHeaders = {
  headers: async () => fakeRequest.headers,
  cookies: async () => ({ get: () => undefined, getAll: () => [], has: () => false, set() {}, delete() {} }),
};

export const nextCache = { revalidatePath() {}, revalidateTag() {}, updateTag() {}, refresh() {} };

/** Auth.js, reduced to what the actions use: `auth()` reads the fake session; sign-in/out are counted. */
export const nextAuth = {
  auth: async () => fakeRequest.session,
  signIn: async () => {
    fakeRequest.signIns += 1;
  },
  signOut: async () => {
    fakeRequest.signOuts += 1;
  },
  SignInRefused: class SignInRefused extends Error {
    constructor(
      readonly code: string,
      readonly userMessage: string,
    ) {
      super(userMessage);
    }
  },
  handlers: {},
};
