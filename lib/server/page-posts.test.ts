import { createRequire } from "node:module";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parsableMultipart, refusalOf, sameOriginAsNext } from "./page-posts";

// The two parsers Next hands a multipart body to: busboy (fetch actions), undici's FormData (form posts).
const busboy = createRequire(import.meta.url)("next/dist/compiled/busboy") as (options: {
  headers: Record<string, string>;
}) => NodeJS.WritableStream & { on(event: string, listener: (...args: unknown[]) => void): unknown };

function busboyParses(contentType: string, body: string): Promise<boolean> {
  return new Promise((resolve) => {
    let parser: ReturnType<typeof busboy>;
    try {
      parser = busboy({ headers: { "content-type": contentType } });
    } catch {
      resolve(false);
      return;
    }
    parser.on("error", () => resolve(false));
    parser.on("close", () => resolve(true));
    parser.end(body);
  });
}

async function undiciParses(contentType: string, body: string): Promise<boolean> {
  const request = new Request("http://localhost/", { method: "POST", headers: { "content-type": contentType }, body });
  return request.formData().then(
    () => true,
    () => false,
  );
}

// The value holds no boundary character (undici fails on a value that contains the boundary).
const formBody = (boundary: string) =>
  `--${boundary}\r\nContent-Disposition: form-data; name="a"\r\n\r\n!\r\n--${boundary}--\r\n`;

const post = (headers: Record<string, string>, url = "/me/api-keys") => ({
  method: "POST",
  url,
  headers: { host: "keyward.example", ...headers },
});
const ACTION = { "next-action": "7f00000000000000000000000000000000000000aa", "content-type": "text/plain" };

describe("page POSTs refused before Next", () => {
  it("refuses a server action call from a foreign or null Origin with 403", () => {
    for (const origin of [
      "https://evil.example",
      "null",
      "http://keyward.example.evil.example",
      "not a url",
      "file://",
    ]) {
      expect(refusalOf(post({ ...ACTION, origin })), origin).toMatchObject({ status: 403 });
    }
  });

  it("refuses a cross-origin multipart form post (a no-JavaScript server action) with 403", () => {
    const refusal = refusalOf(
      post({ origin: "https://evil.example", "content-type": "multipart/form-data; boundary=x" }),
    );
    expect(refusal).toMatchObject({ status: 403 });
  });

  it("refuses a multipart Content-Type without a usable boundary with 400, with or without Next-Action", () => {
    for (const contentType of [
      "multipart/form-data",
      "multipart/form-data;",
      "multipart/form-data; boundary=",
      'multipart/form-data; boundary=""',
      "multipart/form-data; charset=utf-8",
      "multipart/form-dataX; boundary=abc",
      "multipart/form-data; boundary=a; boundary=b",
      "multipart/form-data; boundary=abc def",
      `multipart/form-data; boundary=${"x".repeat(71)}`,
      "multipart/form-data; boundary=--",
    ]) {
      expect(refusalOf(post({ "content-type": contentType })), contentType).toMatchObject({ status: 400 });
      expect(refusalOf(post({ ...ACTION, "content-type": contentType })), contentType).toMatchObject({ status: 400 });
    }
  });

  it("hands on same-origin calls, calls without Origin, and everything that is not a possible server action", () => {
    const same = { origin: "http://keyward.example" };
    expect(refusalOf(post({ ...ACTION, ...same }))).toBeUndefined();
    expect(
      refusalOf(post({ ...same, "content-type": "multipart/form-data; boundary=----WebKitFormBoundaryAbC" })),
    ).toBe(undefined);
    expect(refusalOf(post(ACTION))).toBeUndefined(); // no Origin: the session decides (docs/security.md)
    // Next answers urlencoded posts itself (it does not run them as actions), and GETs are not actions.
    const foreign = { origin: "https://evil.example" };
    expect(refusalOf(post({ ...foreign, "content-type": "application/x-www-form-urlencoded" }))).toBeUndefined();
    expect(refusalOf({ ...post({ ...ACTION, ...foreign }), method: "GET" })).toBeUndefined();
    // Not pages: Auth.js's route handlers check their own input.
    expect(refusalOf(post({ ...foreign, "content-type": "multipart/form-data" }, "/api/auth/signout"))).toBe(undefined);
  });
});

describe("the same-origin rule, as Next applies it", () => {
  it("compares the Origin's host with the first X-Forwarded-Host, else Host", () => {
    expect(sameOriginAsNext({ host: "localhost:3000", origin: "http://localhost:3000" })).toBe(true);
    expect(sameOriginAsNext({ host: "localhost:3000", origin: "http://localhost:3001" })).toBe(false);
    // Behind a reverse proxy: Host is the upstream address, X-Forwarded-Host the public one.
    const proxied = { host: "127.0.0.1:3000", "x-forwarded-host": "keys.example.com, 10.0.0.1" };
    expect(sameOriginAsNext({ ...proxied, origin: "https://keys.example.com" })).toBe(true);
    expect(sameOriginAsNext({ ...proxied, origin: "http://127.0.0.1:3000" })).toBe(false);
    expect(sameOriginAsNext({ host: "a.example", "x-forwarded-host": "", origin: "https://a.example" })).toBe(true);
    expect(sameOriginAsNext({ host: "a.example" })).toBe(true);
    expect(sameOriginAsNext({ origin: "https://a.example" })).toBe(false);
  });
});

describe("a multipart Content-Type the guard lets through", () => {
  const boundaryChar = fc.constantFrom(..."0123456789abcXYZ'()+_,-./:=? ");
  const boundary = fc.string({ unit: boundaryChar, minLength: 0, maxLength: 75 });
  const param = fc.tuple(fc.constantFrom("boundary", "charset", "BOUNDARY", "x-y", "bad name"), boundary, fc.boolean());
  const contentType = fc
    .tuple(fc.constantFrom("multipart/form-data", "multipart/form-data ", "multipart/form-dataX"), fc.array(param))
    .map(
      ([type, params]) =>
        type + params.map(([name, value, quoted]) => `; ${name}=${quoted ? `"${value}"` : value}`).join(""),
    );

  it("is one both of Next's parsers accept, with a body written for its boundary", async () => {
    await fc.assert(
      fc.asyncProperty(contentType, async (type) => {
        if (!parsableMultipart(type)) return;
        const value = /boundary=("[^"]*"|[^;]*)/i.exec(type)?.[1]?.trim().replace(/^"|"$/g, "") as string;
        expect(await busboyParses(type, formBody(value)), type).toBe(true);
        expect(await undiciParses(type, formBody(value)), type).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it("is never one busboy refuses outright", () => {
    fc.assert(
      fc.property(contentType, (type) => {
        let refused = false;
        try {
          busboy({ headers: { "content-type": type } });
        } catch {
          refused = true;
        }
        if (refused) expect(parsableMultipart(type), type).toBe(false);
      }),
      { numRuns: 400 },
    );
  });

  it("includes what browsers send", () => {
    expect(parsableMultipart("multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW")).toBe(true);
    expect(
      parsableMultipart("multipart/form-data; boundary=---------------------------974767299852498929531610575"),
    ).toBe(true);
  });
});
