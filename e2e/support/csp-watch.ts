import type { Browser, BrowserContext } from "@playwright/test";

/**
 * Every Content-Security-Policy refusal the browser reports in any page of any context of this
 * worker's browser (Chromium logs each one to the page's console: "Executing inline event handler
 * violates the following Content Security Policy directive…", "Framing … violates…", older
 * versions "Refused to …"), and any complaint about the Permissions-Policy header. The specs'
 * `test` (fixtures.ts) fails a test during which one was reported, unless the test expects it
 * (`allowedCspViolation`).
 */
export const CSP_REFUSAL = /^Refused to |Content Security Policy|Permissions-Policy/;

export type CspWatch = {
  /** The refusals reported since the last `clear()`, each with the page it happened on. */
  violations(): string[];
  clear(): void;
};

export function watchCsp(browser: Browser): CspWatch {
  let seen: string[] = [];
  const watch = (context: BrowserContext) => {
    context.on("console", (message) => {
      const text = message.text();
      if ((message.type() === "error" || message.type() === "warning") && CSP_REFUSAL.test(text))
        seen.push(`${message.page()?.url() ?? "?"}: ${text}`);
    });
  };
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (...args: Parameters<Browser["newContext"]>) => {
    const context = await newContext(...args);
    watch(context);
    return context;
  };
  return {
    violations: () => [...seen],
    clear: () => {
      seen = [];
    },
  };
}
