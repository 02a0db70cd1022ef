import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page, Request, Response } from "@playwright/test";
import { hex, seedKey } from "./support/access-keys";
import { CSP_REFUSAL } from "./support/csp-watch";
import { ADMIN, ADMIN_STATE, E2E_PORT } from "./support/env";
import { expect, findUserByUsername, test } from "./support/fixtures";
import { type PageRoute, pageRoutes, pathOf } from "./support/page-routes";

/*
 * Issue 12 item 3: every page (and the 404 page) carries the security headers, its scripts run by
 * a per-response nonce with nothing refused by the policy (fixtures.ts fails any test during which
 * the browser reports a CSP refusal), HSTS only over https, and another site cannot frame the app.
 */

const ROUTES = pageRoutes();
const NOT_FOUND = "/no-such-page";

function expectSecurityHeaders(response: Response, https = false) {
  const headers = response.headers();
  const where = `${response.request().method()} ${response.url()} (${response.status()})`;
  const csp = headers["content-security-policy"] ?? "";
  const directives = csp.split(";").map((d) => d.trim());
  expect(directives, where).toEqual(
    expect.arrayContaining([
      "default-src 'self'",
      expect.stringMatching(/^script-src 'self' 'nonce-[A-Za-z0-9+/]{22}==' 'strict-dynamic'$/),
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "font-src 'self'",
      "connect-src 'self'",
      "frame-ancestors 'none'",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
    ]),
  );
  expect(headers["x-frame-options"], where).toBe("DENY");
  expect(headers["x-content-type-options"], where).toBe("nosniff");
  expect(headers["referrer-policy"], where).toBe("no-referrer");
  for (const feature of ["camera", "microphone", "geolocation", "payment", "usb", "interest-cohort"]) {
    expect(headers["permissions-policy"], where).toContain(`${feature}=()`);
  }
  if (https) expect(headers["strict-transport-security"], where).toBe("max-age=31536000; includeSubDomains");
  else expect(headers["strict-transport-security"], `${where}: no HSTS over http`).toBeUndefined();
}

const nonceOf = (response: Response) =>
  /'nonce-([^']+)'/.exec(response.headers()["content-security-policy"] ?? "")?.[1] as string;

/**
 * Visits the page and checks every response of the navigation (redirects included), and that each
 * script of the final document carries the nonce of its own response.
 */
async function visit(page: Page, path: string): Promise<Response> {
  const response = await page.goto(path);
  if (!response) throw new Error(`no response for ${path}`);
  for (let request: Request | null = response.request(); request; request = request.redirectedFrom()) {
    const each = await request.response();
    if (each) expectSecurityHeaders(each);
  }
  const nonce = nonceOf(response);
  const scripts = (await response.text()).match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length, path).toBeGreaterThan(0);
  for (const tag of scripts)
    expect(tag, `${path}: every script has this response's nonce`).toContain(`nonce="${nonce}"`);
  await page.waitForLoadState("load");
  return response;
}

test.describe("signed out", () => {
  for (const route of [...ROUTES, { file: "(none)", pattern: NOT_FOUND }] as PageRoute[]) {
    test(`${route.pattern} has the security headers`, async ({ page }) => {
      await visit(page, pathOf(route));
    });
  }

  test("each response has a nonce of its own", async ({ request }) => {
    const nonces = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const response = await request.get("/login", { maxRedirects: 0 });
      nonces.add(/'nonce-([^']+)'/.exec(response.headers()["content-security-policy"] ?? "")?.[1] ?? "");
    }
    expect(nonces.size).toBe(5);
  });

  test("HSTS is sent only when the (trusted) proxy says the request came over https", async ({ request }) => {
    // The e2e server runs with TRUST_PROXY=1 and no PUBLIC_URL (playwright.config.ts).
    for (const [proto, https] of [
      [undefined, false],
      ["http", false],
      ["https", true],
    ] as const) {
      const response = await request.get("/login", {
        headers: proto ? { "X-Forwarded-Proto": proto } : {},
        maxRedirects: 0,
      });
      const hsts = response.headers()["strict-transport-security"];
      expect(hsts, `X-Forwarded-Proto: ${proto}`).toBe(https ? "max-age=31536000; includeSubDomains" : undefined);
    }
  });
});

test.describe("signed in as the administrator", () => {
  test.use({ storageState: ADMIN_STATE });

  for (const route of [...ROUTES, { file: "(none)", pattern: NOT_FOUND }] as PageRoute[]) {
    test(`${route.pattern} has the security headers, and nothing on it is refused`, async ({ page }) => {
      let params: Record<string, number> = {};
      if (route.pattern.includes("[")) {
        const admin = await findUserByUsername(ADMIN.username);
        const key = await seedKey(admin?.id as number, { name: `headers ${hex()}` });
        params = { id: key.id };
      }
      await visit(page, pathOf(route, params));
    });
  }

  test.describe("the policy is in force", () => {
    test.use({ allowedCspViolation: /inline event handler|JavaScript URL/ });

    test("markup injected into a page cannot run script, and the refusals are reported", async ({ page }) => {
      const refusals: string[] = [];
      page.on("console", (message) => {
        if (CSP_REFUSAL.test(message.text())) refusals.push(message.text());
      });
      await visit(page, "/me/account");
      // What stored XSS would add to the markup: an inline event handler, a javascript: link.
      await page.evaluate(() => {
        document.body.insertAdjacentHTML(
          "beforeend",
          `<img src="/no-such-image.png" onerror="document.documentElement.dataset.handler = 'ran'" alt="">
          <a id="injected" href="javascript:document.documentElement.dataset.url = 'ran'">injected</a>`,
        );
      });
      await page.locator("#injected").click();
      await expect.poll(() => refusals.length).toBeGreaterThanOrEqual(2);
      const ran = await page.evaluate(() => [
        document.documentElement.dataset.handler,
        document.documentElement.dataset.url,
      ]);
      expect(ran).toEqual([undefined, undefined]);
    });
  });

  test.describe("framing", () => {
    let framer: Server;
    let framerOrigin: string;
    test.beforeAll(async () => {
      // Another origin of the same site (another port of localhost), as in the issue's report.
      framer = createServer((req, res) => {
        res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
        if (req.url === "/own") res.end("<!doctype html><title>own</title><p id=own>framer's own page</p>");
        else {
          const target = new URL(req.url?.slice(1) || "/", `http://localhost:${E2E_PORT}`).toString();
          res.end(`<!doctype html><title>framer</title><iframe name=app src="${target}"></iframe>
            <iframe name=own src="/own"></iframe>`);
        }
      });
      await new Promise<void>((resolve) => framer.listen(0, "localhost", resolve));
      framerOrigin = `http://localhost:${(framer.address() as AddressInfo).port}`;
    });
    test.afterAll(async () => {
      await new Promise((resolve) => framer.close(resolve));
    });
    test.use({ allowedCspViolation: /^http:\/\/localhost:\d+\/admin\/access-keys: .*frame-ancestors 'none'/ });

    test("a page of another origin cannot frame the signed-in admin pages", async ({ page }) => {
      const refusals: string[] = [];
      page.on("console", (message) => {
        if (/frame-ancestors 'none'/.test(message.text())) refusals.push(message.text());
      });
      const framed = page.waitForResponse((r) => r.url() === `http://localhost:${E2E_PORT}/admin/access-keys`);
      await page.goto(`${framerOrigin}/admin/access-keys`);
      // The app answered the frame's request (the session cookie went along: same site)…
      expectSecurityHeaders(await framed);
      // …but the browser did not render it, while the framer's own frame did render.
      await expect(page.frameLocator("iframe[name=own]").locator("#own")).toHaveText("framer's own page");
      await expect.poll(() => refusals.length).toBeGreaterThan(0);
      expect(refusals[0]).toContain(`http://localhost:${E2E_PORT}`);
      const app = page.frame({ name: "app" });
      expect(app).not.toBeNull();
      const shown =
        (await app
          ?.locator("body")
          .textContent({ timeout: 2_000 })
          .catch(() => "")) ?? "";
      expect(shown).not.toContain("Access Keys");
      expect(shown).not.toContain(ADMIN.username);
    });
  });
});
