import type { Locator } from "@playwright/test";

/**
 * The lowest WCAG contrast ratio between the text colour of `locator`'s element (and of every
 * element with text inside it, e.g. links) and each solid colour of the background it is painted on:
 * the nearest ancestor's background colour, or every stop of a background gradient.
 */
export async function lowestContrast(locator: Locator): Promise<number> {
  return locator.evaluate((root) => {
    const channels = (colour: string) => (colour.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r = 0, g = 0, b = 0]: number[]) => {
      const linear = (c: number) => {
        const s = c / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
    };
    const ratio = (a: number[], b: number[]) => {
      const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
      return (hi + 0.05) / (lo + 0.05);
    };
    /** The solid colours behind an element: a gradient's stops, else the first opaque background. */
    const backgrounds = (element: Element): number[][] => {
      for (let el: Element | null = element; el; el = el.parentElement) {
        const style = getComputedStyle(el);
        const stops = style.backgroundImage.match(/rgba?\([^)]*\)/g);
        if (stops) return stops.map(channels);
        const colour = channels(style.backgroundColor);
        if (colour.length === 3 || (colour[3] ?? 0) > 0) return [colour];
      }
      return [[255, 255, 255]];
    };
    const texts = [root, ...root.querySelectorAll("*")].filter((el) =>
      [...el.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && node.textContent?.trim()),
    );
    let lowest = Number.POSITIVE_INFINITY;
    for (const el of texts) {
      const fg = channels(getComputedStyle(el).color);
      for (const bg of backgrounds(el)) lowest = Math.min(lowest, ratio(fg, bg));
    }
    return lowest;
  });
}
