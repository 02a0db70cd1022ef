import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import type { Result } from "axe-core";
import { expect } from "./fixtures";

/** What the suite refuses: moderate and minor findings are left to review, these fail a test. */
const FAILING_IMPACTS = new Set(["serious", "critical"]);

/** One violation per paragraph: rule, impact, help link, then each offending element and why. */
export function formatViolations(violations: Result[]): string {
  return violations
    .map((violation) => {
      const nodes = violation.nodes
        .map((node) => `    ${node.target.join(" ")}\n      ${(node.failureSummary ?? "").replace(/\n/g, "\n      ")}`)
        .join("\n");
      return `  [${violation.impact}] ${violation.id}: ${violation.help}\n    ${violation.helpUrl}\n${nodes}`;
    })
    .join("\n\n");
}

/**
 * Runs axe on the page as it is now and records (softly, so one test reports every state it visits)
 * any serious or critical violation under `state`. `rules` adds rules to fail on whatever their impact.
 */
export async function expectAccessible(page: Page, state: string, options: { rules?: string[] } = {}) {
  const results = await new AxeBuilder({ page }).analyze();
  const failing = results.violations.filter(
    (violation) => FAILING_IMPACTS.has(violation.impact ?? "") || options.rules?.includes(violation.id),
  );
  expect
    .soft(
      failing.map((violation) => violation.id),
      `axe violations on ${state}:\n${formatViolations(failing)}`,
    )
    .toEqual([]);
}
