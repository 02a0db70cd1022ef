import type { Page } from "@playwright/test";

/** Console errors React logs when the server's HTML and the first client render differ. */
export function watchHydration(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    const text = message.text();
    if (message.type() === "error" && /hydrat|did not match|server rendered/i.test(text)) errors.push(text);
  });
  return errors;
}
