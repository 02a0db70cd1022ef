import type { Locator, Page } from "@playwright/test";
import { expect } from "./fixtures";

/** The document is no wider than the viewport; on failure, names the elements that stick out. */
export async function expectNoSidewaysScroll(page: Page, state: string) {
  const measured = await page.evaluate(() => {
    const viewport = window.innerWidth;
    const nameOf = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${el.className && typeof el.className === "string" ? `.${el.className.trim().split(/\s+/).join(".")}` : ""}`;
    // Elements reaching past the right edge, not counting those inside a box that scrolls or clips them.
    const clipped = (el: Element) => {
      for (let p = el.parentElement; p; p = p.parentElement) {
        if (/(auto|scroll|hidden|clip)/.test(getComputedStyle(p).overflowX)) return true;
      }
      return false;
    };
    const outside = [...document.body.querySelectorAll("*")]
      .filter((el) => el.getBoundingClientRect().right > viewport + 0.5 && !clipped(el))
      .slice(0, 8)
      .map((el) => `${nameOf(el)} (right edge ${Math.round(el.getBoundingClientRect().right)}px)`);
    return { scrollWidth: document.documentElement.scrollWidth, viewport, outside };
  });
  expect
    .soft(
      measured.scrollWidth,
      `${state}: the document is ${measured.scrollWidth}px wide in a ${measured.viewport}px viewport; sticking out:\n  ${measured.outside.join("\n  ")}`,
    )
    .toBeLessThanOrEqual(measured.viewport);
}

/** The element lies wholly inside the viewport. */
export async function expectOnScreen(page: Page, locator: Locator, what: string) {
  const viewport = page.viewportSize() ?? { width: 0, height: 0 };
  const box = await locator.boundingBox();
  expect(box, what).not.toBeNull();
  if (!box) return;
  expect.soft(box.x, `${what}: left edge`).toBeGreaterThanOrEqual(0);
  expect.soft(box.y, `${what}: top edge`).toBeGreaterThanOrEqual(0);
  expect.soft(box.x + box.width, `${what}: right edge`).toBeLessThanOrEqual(viewport.width);
  expect.soft(box.y + box.height, `${what}: bottom edge`).toBeLessThanOrEqual(viewport.height);
}
