import { describe, expect, it } from "vitest";
import { keyListParams, notificationListParams } from "./list-filters";

describe("keyListParams: expires within N days", () => {
  it("takes whole days from 1 to 3650", () => {
    expect(keyListParams({ expiresWithin: "7" }).filters.expiresWithin).toBe(7);
    expect(keyListParams({ expiresWithin: " 30 " }).filters.expiresWithin).toBe(30);
    expect(keyListParams({ expiresWithin: "3650" }).filters.expiresWithin).toBe(3650);
  });

  it("ignores anything else", () => {
    for (const value of ["0", "-1", "1.5", "1e3", "3651", "abc", "", "7 days"]) {
      expect(keyListParams({ expiresWithin: value }).filters.expiresWithin, value).toBeUndefined();
    }
  });
});

describe("notificationListParams", () => {
  it("reads recipient and a known status, newest first by default", () => {
    const params = notificationListParams({ recipient: "ann@", status: "outbox" });
    expect(params.filters).toEqual({ recipient: "ann@", status: "outbox" });
    expect([params.sort, params.dir]).toEqual(["createdAt", "desc"]);
    expect(notificationListParams({ status: "bogus" }).filters.status).toBeUndefined();
  });
});
