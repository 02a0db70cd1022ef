import { describe, expect, it } from "vitest";
import {
  buildSearch,
  clearFilterChanges,
  filterChanges,
  hasActiveFilters,
  nextSort,
  pageChanges,
  pageRange,
  pageSizeChanges,
  sortChanges,
} from "./url-state";

const params = (search: string) => new URLSearchParams(search);

describe("buildSearch", () => {
  it("sets, replaces and removes parameters", () => {
    expect(buildSearch(params(""), { q: "ada" })).toBe("?q=ada");
    expect(buildSearch(params("q=ada"), { q: "bob" })).toBe("?q=bob");
    expect(buildSearch(params("q=ada&role=admin"), { q: undefined })).toBe("?role=admin");
    expect(buildSearch(params("q=ada"), { q: "" })).toBe("");
  });

  it("returns an empty string when no parameter is left, so pathname + result is a clean URL", () => {
    expect(buildSearch(params("page=2"), { page: undefined })).toBe("");
  });

  it("keeps unrelated parameters and their order", () => {
    expect(buildSearch(params("tab=keys&q=ada&x=1"), { q: "bob" })).toBe("?tab=keys&q=bob&x=1");
    expect(buildSearch(params("tab=keys"), { page: "3" })).toBe("?tab=keys&page=3");
  });

  it("encodes values", () => {
    expect(buildSearch(params(""), { q: "a&b c" })).toBe("?q=a%26b+c");
    expect(params(buildSearch(params(""), { q: "a&b c" }).slice(1)).get("q")).toBe("a&b c");
  });

  it("does not mutate the current parameters", () => {
    const current = params("q=ada");
    buildSearch(current, { q: "bob" }, { resetPage: true });
    expect(current.toString()).toBe("q=ada");
  });

  it("resets the page when asked (a filter changed)", () => {
    expect(
      buildSearch(params("page=4&size=50&sort=email&dir=desc"), filterChanges("q", "ada"), { resetPage: true }),
    ).toBe("?size=50&sort=email&dir=desc&q=ada");
    expect(buildSearch(params("page=4&role=admin"), filterChanges("role", undefined), { resetPage: true })).toBe("");
  });

  it("keeps the page when not asked to reset it", () => {
    expect(buildSearch(params("page=4"), { q: "ada" })).toBe("?page=4&q=ada");
  });

  it("lets an explicit page change win over resetPage", () => {
    expect(buildSearch(params("page=4"), { page: "2" }, { resetPage: true })).toBe("?page=2");
  });
});

describe("filters", () => {
  it("trims filter values and treats blank as no filter", () => {
    expect(filterChanges("q", "  ada ")).toEqual({ q: "ada" });
    expect(filterChanges("q", "   ")).toEqual({ q: undefined });
    expect(filterChanges("q", undefined)).toEqual({ q: undefined });
  });

  it("clears every filter but nothing else", () => {
    const search = buildSearch(
      params("q=ada&role=admin&page=3&size=50&tab=x"),
      clearFilterChanges(["q", "role", "status"]),
      {
        resetPage: true,
      },
    );
    expect(search).toBe("?size=50&tab=x");
  });

  it("detects active filters", () => {
    expect(hasActiveFilters(params("page=2&size=50"), ["q", "role"])).toBe(false);
    expect(hasActiveFilters(params("role=admin"), ["q", "role"])).toBe(true);
    expect(hasActiveFilters(params("q="), ["q"])).toBe(false);
  });
});

describe("paging", () => {
  it("leaves page 1 out of the URL", () => {
    expect(pageChanges(1)).toEqual({ page: undefined });
    expect(pageChanges(0)).toEqual({ page: undefined });
    expect(pageChanges(3)).toEqual({ page: "3" });
    expect(buildSearch(params("page=3&q=a"), pageChanges(2))).toBe("?page=2&q=a");
  });

  it("sets the page size, goes back to page 1 and leaves the default size out", () => {
    expect(buildSearch(params("page=3&q=a"), pageSizeChanges(50))).toBe("?q=a&size=50");
    expect(buildSearch(params("size=50&page=2"), pageSizeChanges(20))).toBe("");
    expect(pageSizeChanges(7)).toEqual({ size: undefined, page: undefined });
  });

  it("computes the shown range", () => {
    expect(pageRange(1, 20, 45)).toEqual({ from: 1, to: 20 });
    expect(pageRange(3, 20, 45)).toEqual({ from: 41, to: 45 });
    expect(pageRange(1, 20, 0)).toEqual({ from: 0, to: 0 });
    expect(pageRange(9, 20, 45)).toEqual({ from: 0, to: 0 });
  });
});

describe("sorting", () => {
  it("starts a new column ascending", () => {
    expect(nextSort({ sort: "username", dir: "desc" }, "email")).toEqual({ sort: "email", dir: "asc" });
    expect(nextSort({ sort: "username", dir: "asc" }, "email")).toEqual({ sort: "email", dir: "asc" });
  });

  it("toggles the current column asc → desc → asc", () => {
    const first = nextSort({ sort: "username", dir: "asc" }, "username");
    expect(first).toEqual({ sort: "username", dir: "desc" });
    expect(nextSort(first, "username")).toEqual({ sort: "username", dir: "asc" });
  });

  it("writes sort and dir, keeps filters and size, and goes back to page 1", () => {
    expect(buildSearch(params("q=ada&size=50&page=3"), sortChanges({ sort: "email", dir: "desc" }))).toBe(
      "?q=ada&size=50&sort=email&dir=desc",
    );
  });
});
