import { readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import path from "node:path";
import type { Page } from "@playwright/test";
import { E2E_PORT, NEXT_DIST_DIR } from "./env";

/**
 * Forges a server-action call the way a hostile client could: straight to the server with the
 * action's id, bypassing every page and every hidden button. Used to prove that each action checks
 * the caller's role and origin itself.
 */

type ManifestEntry = { filename?: string; exportedName?: string; workers?: Record<string, unknown> };
type Manifest = { node: Record<string, ManifestEntry> };

let manifest: Manifest | undefined;

/** The id Next gave an exported server action in the current production build. */
export function serverActionId(exportedName: string, filename?: string): string {
  manifest ??= JSON.parse(
    readFileSync(path.join(process.cwd(), NEXT_DIST_DIR, "server/server-reference-manifest.json"), "utf8"),
  ) as Manifest;
  const ids = Object.entries(manifest.node)
    .filter(([, entry]) => entry.exportedName === exportedName && (!filename || entry.filename === filename))
    .map(([id]) => id);
  if (ids.length !== 1) {
    throw new Error(`Expected one server action named ${exportedName}, found ${ids.length}: is the build current?`);
  }
  return ids[0] as string;
}

export type ForgedCall = {
  /** The page the action is posted to, e.g. "/admin/users". */
  path: string;
  /** The action's exported name, e.g. "createUserAction". */
  action: string;
  /** The module that exports it, e.g. "app/(app)/admin/users/actions.ts", should the name be ambiguous. */
  file?: string;
  /** The action's arguments; ours take `[prevState, input]`. */
  args: unknown[];
  /**
   * The Origin header: the app's own origin unless given (`"null"` sends the literal `null`);
   * `null` sends no Origin header at all, as only a non-browser client would.
   */
  origin?: string | null;
};

export type ForgedResponse = { status: number; body: string };

/** POSTs the call with the page's cookies (same browser context) and returns the raw RSC answer. */
export async function callServerAction(page: Page, call: ForgedCall): Promise<ForgedResponse> {
  const baseURL = appURL(page);
  const url = new URL(call.path, baseURL).toString();
  const headers = {
    "Next-Action": serverActionId(call.action, call.file),
    "Content-Type": "text/plain;charset=UTF-8",
    Accept: "text/x-component",
  };
  if (call.origin === null) return postWithoutOrigin(page, url, headers, JSON.stringify(call.args));
  const response = await page.request.post(url, {
    headers: { ...headers, Origin: call.origin ?? new URL(baseURL).origin },
    data: JSON.stringify(call.args),
    maxRedirects: 0,
  });
  return { status: response.status(), body: await response.text() };
}

/** The same POST through node:http, which adds no header of its own: certainly no Origin. */
async function postWithoutOrigin(page: Page, url: string, headers: Record<string, string>, body: string) {
  const cookies = await page.context().cookies(url);
  const cookie = cookies.map(({ name, value }) => `${name}=${value}`).join("; ");
  return new Promise<ForgedResponse>((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: "POST", headers: { ...headers, ...(cookie ? { Cookie: cookie } : {}) } },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          text += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** The app's URL: where the page is, or the e2e server's address for a page that has not navigated. */
function appURL(page: Page): string {
  const current = page.url();
  return current.startsWith("http") ? current : `http://localhost:${E2E_PORT}`;
}
