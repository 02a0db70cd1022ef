import { appendFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContext, type Request, type Response, type Route, request } from "@playwright/test";
import { findWellFormedSecrets } from "../../lib/keys";
import { E2E_DATA_DIR } from "./env";

/**
 * Records, for the secret-hygiene sweep (e2e/secret-hygiene.sweep.ts), every well-formed secret and
 * access token found in any page, navigation or fetch response (server actions included) the
 * browser receives during the run: headers and body, scanned as they arrive. Only the hits and a
 * count are written (one JSON line each, per worker), not the bodies themselves.
 */
export const RESPONSE_LOG_DIR = path.join(E2E_DATA_DIR, "responses");

export type ResponseHit = {
  url: string;
  method: string;
  /** A server action call (POST with a Next-Action header): the only kind that may issue a secret. */
  serverAction: boolean;
  status: number;
  found: string[];
};
/**
 * Read as received; sent again and read (bodies Chromium did not keep); neither (the page or its
 * context closed before even the request's headers could be asked for).
 */
export type ResponseTally = { scanned: number; replayed: number; unreadable: number };

const SCANNED_TYPES = new Set(["document", "fetch", "xhr", "other"]);

/** Request headers a replay must not copy (the client sets them itself). */
const HOP_HEADERS = new Set(["host", "connection", "content-length", "accept-encoding"]);

export async function recordResponses(browser: Browser, worker: number) {
  mkdirSync(RESPONSE_LOG_DIR, { recursive: true });
  const file = path.join(RESPONSE_LOG_DIR, `worker-${worker}-${process.pid}.jsonl`);
  const tally: ResponseTally = { scanned: 0, replayed: 0, unreadable: 0 };
  const pending = new Set<Promise<void>>();
  // Replays run in a context of their own, so their cookies never touch the browser's.
  const replayer = await request.newContext();
  const replayed = new Set<string>();

  /**
   * Chromium keeps no body for some responses that the page consumed as a stream (Next's RSC
   * prefetches and navigations, above all). Those are GETs: the same request is sent again, with
   * the same cookies and router headers, and its answer scanned instead; once per URL and session.
   */
  async function replay(
    sent: Request,
    context: BrowserContext,
    asked: Promise<Record<string, string> | undefined>,
  ): Promise<Buffer | undefined | "seen"> {
    if (sent.method() !== "GET") return undefined;
    // Asked for as soon as the response arrived; failing that (its page is gone), the headers it
    // was sent with and its context's cookies.
    let sentHeaders = await asked;
    if (!sentHeaders) {
      const cookies = await context.cookies(sent.url());
      sentHeaders = { ...sent.headers(), cookie: cookies.map((c) => `${c.name}=${c.value}`).join("; ") };
    }
    const headers = Object.fromEntries(
      Object.entries(sentHeaders).filter(([name]) => !name.startsWith(":") && !HOP_HEADERS.has(name)),
    );
    const url = new URL(sent.url());
    url.searchParams.delete("_rsc");
    const key = JSON.stringify([url.href, headers.cookie, headers.rsc, headers["next-router-prefetch"]]);
    if (replayed.has(key)) return "seen";
    replayed.add(key);
    const answer = await replayer.get(sent.url(), { headers, maxRedirects: 0, failOnStatusCode: false });
    return Buffer.concat([Buffer.from(JSON.stringify(answer.headers())), await answer.body()]);
  }

  async function scan(response: Response, context: BrowserContext): Promise<void> {
    const sent = response.request();
    const asked = sent.method() === "GET" ? sent.allHeaders().catch(() => undefined) : Promise.resolve(undefined);
    const status = response.status();
    if (status >= 300 && status < 400) return; // a redirect has no body
    let content: Buffer | undefined;
    try {
      const [body, headers] = await Promise.all([response.body(), response.allHeaders()]);
      content = Buffer.concat([Buffer.from(JSON.stringify(headers)), body]);
      tally.scanned += 1;
    } catch {
      let reason = "not a GET";
      const again = await replay(sent, context, asked).catch((error: unknown) => {
        reason = String(error).split("\n")[0] as string;
        return undefined;
      });
      if (again === "seen") return;
      if (again === undefined) {
        tally.unreadable += 1;
        appendFileSync(
          file,
          `${JSON.stringify({ unreadable: { method: sent.method(), url: sent.url(), status, reason } })}\n`,
        );
        return;
      }
      content = again;
      tally.replayed += 1;
    }
    const found = findWellFormedSecrets(content);
    if (found.length === 0) return;
    const hit: ResponseHit = {
      url: response.url(),
      method: sent.method(),
      serverAction: sent.method() === "POST" && (await sent.headerValue("next-action")) !== null,
      status,
      found,
    };
    appendFileSync(file, `${JSON.stringify({ hit })}\n`);
  }

  /** A server action's answer, read on its way to the page (Chromium often keeps none of it). */
  async function relayServerAction(route: Route): Promise<void> {
    const sent = route.request();
    if (sent.method() !== "POST" || (await sent.headerValue("next-action")) === null) return route.fallback();
    let answer: Awaited<ReturnType<Route["fetch"]>>;
    let body: Buffer;
    try {
      answer = await route.fetch({ maxRedirects: 0 });
      body = await answer.body();
    } catch {
      // The context is closing (or the server went away): answer as the network would. Never
      // fall back, which would send the action a second time.
      tally.unreadable += 1;
      await route.abort().catch(() => undefined);
      return;
    }
    tally.scanned += 1;
    const found = findWellFormedSecrets(Buffer.concat([Buffer.from(JSON.stringify(answer.headers())), body]));
    if (found.length > 0) {
      const hit: ResponseHit = { url: sent.url(), method: "POST", serverAction: true, status: answer.status(), found };
      appendFileSync(file, `${JSON.stringify({ hit })}\n`);
    }
    await route.fulfill({ response: answer, body });
  }

  const settle = async () => {
    while (pending.size > 0) await Promise.allSettled([...pending]);
  };

  async function watch(context: BrowserContext): Promise<void> {
    // Contexts a spec opens it also closes: first let the scans of its last responses finish.
    const close = context.close.bind(context);
    context.close = async (...args: Parameters<BrowserContext["close"]>) => {
      await settle();
      return close(...args);
    };
    await context.route((url) => !url.pathname.startsWith("/_next/"), relayServerAction);
    context.on("response", (response) => {
      const sent = response.request();
      if (!SCANNED_TYPES.has(sent.resourceType()) || (sent.method() === "POST" && sent.headers()["next-action"]))
        return;
      const done: Promise<void> = scan(response, context).finally(() => pending.delete(done));
      pending.add(done);
    });
  }

  // Every context of this worker's browser: the `context` fixture's and those specs open themselves.
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (...args: Parameters<Browser["newContext"]>) => {
    const context = await newContext(...args);
    await watch(context);
    return context;
  };

  return {
    /** Waits for the bodies still being read (before a context closes). */
    settle,
    close: async () => {
      await replayer.dispose();
      appendFileSync(file, `${JSON.stringify({ tally })}\n`);
    },
  };
}
