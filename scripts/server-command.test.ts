import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SERVER_NODE_ARGS } from "./server-command";

describe("the server command", () => {
  it("is what `npm start` runs (the e2e suite and the benchmarks start the server the same way)", () => {
    const { scripts } = JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> };
    expect(scripts.start).toBe(`node ${SERVER_NODE_ARGS.join(" ")}`);
  });
});
