// Hostile credentials and headers on the REST API, property-based: random Authorization headers
// (every scheme, junk, base64 of anything, near-miss secrets and tokens), hostile User-Agent,
// Cookie, Accept and forwarding headers on every route, and random forms on the OAuth endpoints.
// Protected routes answer 401, OAuth endpoints 400/401 in RFC 6749 form; nothing is ever written.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fuzzSetup, isOAuth, RUNS, routes } from "@/test/api/fuzz";
import { freshIp } from "@/test/api/helpers";
import { hostileString } from "@/test/support/arbitraries";

const { pathOf, expectClean } = fuzzSetup();

/**
 * What fetch will put in a header: any text as its UTF-8 bytes read as Latin-1 (as a server sees
 * them), without the control characters and outer spaces fetch refuses to send.
 */
const headerSafe = (s: string) => s.replace(/[^\t\x20-\x7e\x80-\xff]/g, "").trim();
const headerValue = (maxLength: number) =>
  fc
    .oneof(hostileString, fc.string({ unit: "binary", maxLength: 60 }))
    .map((s) => headerSafe(Buffer.from(s.slice(0, maxLength), "utf8").toString("latin1")));

describe("the REST API under hostile credentials and headers", () => {
  const schemes = fc.constantFrom(
    "Bearer",
    "bearer",
    "Basic",
    "BASIC",
    "Token",
    "Digest",
    "",
    "Bearer  ",
    "Basic kws_",
  );
  const authorization = fc
    .oneof(
      fc.tuple(schemes, headerValue(600)).map(([scheme, value]) => `${scheme} ${value}`),
      fc
        .tuple(schemes, fc.uint8Array({ maxLength: 120 }))
        .map(([scheme, array]) => `${scheme} ${Buffer.from(array).toString("base64")}`),
      fc
        .tuple(hostileString, hostileString)
        .map(([user, pass]) => `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}`),
      fc.string({ unit: "binary-ascii", maxLength: 40 }).map((s) => `Bearer kws_${s.replace(/[\0\r\n]/g, "")}`),
      fc.string({ unit: "binary-ascii", maxLength: 40 }).map((s) => `Bearer kwt_${s.replace(/[\0\r\n]/g, "")}`),
    )
    .map(headerSafe);
  const extraHeaders = fc.record(
    {
      "User-Agent": headerValue(2000),
      // After a fresh address: the per-IP throttle must not turn these 401s into 429s.
      "X-Forwarded-For": headerValue(200).map((junk) => `${freshIp()}, ${junk}`),
      Cookie: headerValue(500),
      Accept: headerValue(100),
      "X-Forwarded-Host": headerValue(100),
    },
    { requiredKeys: [] },
  );

  it("random Authorization and other headers: 401 for protected routes, the OAuth error for client endpoints", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), authorization, extraHeaders, async (route, auth, headers) => {
        const path = await pathOf(route);
        const options = { method: route.method, auth, headers };
        const what = `${route.method} ${path} ${JSON.stringify(auth).slice(0, 200)}`;
        const res = await expectClean(path, options, isOAuth(route), what);
        if (route.auth) expect(res.status, what).toBe(401);
        else if (isOAuth(route)) expect([400, 401], what).toContain(res.status);
        else expect(res.status, what).toBe(200);
      }),
      { numRuns: RUNS },
    );
  });

  it("OAuth endpoints with random forms: a 400 or 401 in RFC 6749 form, and no token issued", async () => {
    const field = fc.oneof(
      fc.constantFrom("grant_type", "client_id", "client_secret", "token", "token_type_hint", "scope"),
      hostileString,
    );
    const forms = fc.array(
      fc.tuple(
        field,
        hostileString.map((s) => s.slice(0, 300)),
      ),
      { maxLength: 6 },
    );
    const oauth = routes.filter(isOAuth);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...oauth), forms, fc.option(authorization), async (route, pairs, auth) => {
        const body = new URLSearchParams(pairs).toString();
        const headers = { "Content-Type": "application/x-www-form-urlencoded" };
        const what = `${route.path} ${body.slice(0, 200)} ${auth?.slice(0, 80)}`;
        const res = await expectClean(
          route.path,
          { method: "POST", body, headers, auth: auth ?? undefined },
          true,
          what,
        );
        expect([400, 401], what).toContain(res.status);
      }),
      { numRuns: RUNS },
    );
  });
});
