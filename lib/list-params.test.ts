import { describe, expect, it } from "vitest";
import {
  containsPattern,
  DEFAULT_PAGE_SIZE,
  listFieldSchemas,
  param,
  parseListParams,
  type SearchParams,
  toListResult,
} from "./list-params";

const SORTS = ["name", "createdAt", "status"] as const;
const options = { sortable: SORTS, defaultSort: "createdAt" as const, defaultDir: "desc" as const };
const parse = (searchParams: SearchParams) => parseListParams(searchParams, options, { q: "filters pass through" });

describe("param", () => {
  it("returns the value trimmed", () => {
    expect(param({ q: "  alice  " }, "q")).toBe("alice");
  });

  it("takes the first value of a repeated parameter", () => {
    expect(param({ q: [" first ", "second"] }, "q")).toBe("first");
  });

  it("is undefined when absent, empty or blank", () => {
    expect(param({}, "q")).toBeUndefined();
    expect(param({ q: undefined }, "q")).toBeUndefined();
    expect(param({ q: "" }, "q")).toBeUndefined();
    expect(param({ q: "   " }, "q")).toBeUndefined();
    expect(param({ q: [] }, "q")).toBeUndefined();
  });

  it("caps very long values", () => {
    expect(param({ q: "x".repeat(10_000) }, "q")).toHaveLength(200);
  });
});

describe("parseListParams: defaults", () => {
  it("uses page 1, the default size, sort and direction when nothing is given", () => {
    expect(parse({})).toEqual({
      page: 1,
      pageSize: DEFAULT_PAGE_SIZE,
      sort: "createdAt",
      dir: "desc",
      filters: { q: "filters pass through" },
    });
    expect(DEFAULT_PAGE_SIZE).toBe(20);
  });
});

describe("parseListParams: allowed values are kept", () => {
  it("keeps a valid page, size, sort and direction", () => {
    expect(parse({ page: "3", size: "50", sort: "name", dir: "asc" })).toMatchObject({
      page: 3,
      pageSize: 50,
      sort: "name",
      dir: "asc",
    });
  });

  it("accepts every listed page size", () => {
    for (const size of [10, 20, 50, 100]) expect(parse({ size: String(size) }).pageSize).toBe(size);
  });

  it("reads the first of repeated values and trims them", () => {
    expect(parse({ page: [" 2 ", "9"], sort: [" status", "name"], dir: ["asc "] })).toMatchObject({
      page: 2,
      sort: "status",
      dir: "asc",
    });
  });
});

describe("parseListParams: invalid values fall back", () => {
  it.each(["0", "-1", "1.5", "abc", "NaN", "Infinity", "1e400", "99999999999999999999"])("page %s → 1", (page) => {
    expect(parse({ page }).page).toBe(1);
  });

  it.each(["0", "15", "1000", "-20", "abc", "20.5"])("size %s → default", (size) => {
    expect(parse({ size }).pageSize).toBe(DEFAULT_PAGE_SIZE);
  });

  it.each(["password", "NAME", "toString", "__proto__", "name; drop table users", ""])("sort %j → default", (sort) => {
    expect(parse({ sort }).sort).toBe("createdAt");
  });

  it.each(["ASC", "up", "ascending", "1", "desc;"])("dir %j → default", (dir) => {
    expect(parse({ dir }).dir).toBe("desc");
  });
});

// One definition, two readings: the API refuses (400) exactly what the pages fall back from.
describe("listFieldSchemas: the strict reading of the same constraints", () => {
  const fields = listFieldSchemas(SORTS);
  it.each([
    ["page", ["0", "-1", "1.5", "abc", "Infinity", "99999999999999999999"], ["1", "3"]],
    ["size", ["0", "15", "-20", "abc", "20.5"], ["10", "20", "50", "100"]],
    ["sort", ["password", "NAME", "toString", "__proto__"], ["name", "status"]],
    ["dir", ["ASC", "up", "desc;"], ["asc", "desc"]],
  ] as const)("%s", (name, refused, accepted) => {
    for (const value of refused) {
      expect(fields[name].safeParse(value).success, value).toBe(false);
      expect(parse({ [name]: value }), value).toEqual(parse({}));
    }
    for (const value of accepted) {
      expect(fields[name].safeParse(value).success, value).toBe(true);
      const key = name === "size" ? "pageSize" : name;
      expect(parse({ [name]: value })[key], value).toBe(fields[name].parse(value));
    }
  });
});

describe("toListResult", () => {
  const params = { page: 2, pageSize: 20 };

  it("counts pages by rounding up", () => {
    expect(toListResult([], 21, params).pageCount).toBe(2);
    expect(toListResult([], 40, params).pageCount).toBe(2);
    expect(toListResult([], 41, params).pageCount).toBe(3);
  });

  it("reports at least one page even when there are no rows", () => {
    expect(toListResult([], 0, params).pageCount).toBe(1);
  });

  it("carries rows, total, page and page size", () => {
    expect(toListResult(["a"], 21, params)).toEqual({ rows: ["a"], total: 21, page: 2, pageSize: 20, pageCount: 2 });
  });
});

describe("containsPattern", () => {
  it("wraps the text in % wildcards", () => {
    expect(containsPattern("alice")).toBe("%alice%");
  });

  it("escapes LIKE wildcards and the escape character itself", () => {
    expect(containsPattern("50%")).toBe("%50\\%%");
    expect(containsPattern("a_b")).toBe("%a\\_b%");
    expect(containsPattern("c:\\dir")).toBe("%c:\\\\dir%");
    expect(containsPattern("%_\\")).toBe("%\\%\\_\\\\%");
  });

  it("leaves other SQL metacharacters alone (they are bound parameters)", () => {
    expect(containsPattern("o'brien\"; --")).toBe("%o'brien\"; --%");
  });
});
