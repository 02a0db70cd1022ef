// fast-check arbitraries for hostile input, shared by the API and server-action fuzz suites
// (lib/api/fuzz.test.ts, lib/next/actions-fuzz.test.ts).
import fc from "fast-check";

/** Strings that have broken parsers, databases and pages before. */
export const NASTY_STRINGS = [
  "",
  " ",
  "\t\n\r",
  "\u0000",
  "nul\u0000byte",
  "\u202eevil\u202c", // right-to-left override
  "\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627", // Hebrew, Arabic
  "zero\u200bwidth\u200c\u200d\ufeff",
  "\u00a0nbsp\u2028line\u2029para",
  "emoji 🔑👩‍👩‍👧🏳️‍🌈",
  "\ud800", // lone surrogates
  "\udfff\ud800",
  "e\u0301\u0301\u0301", // combining marks
  "'; drop table users; --",
  '" or 1=1 --',
  "1' or '1'='1",
  "%_\\%",
  "<script>alert(1)</script>",
  '<img src=x onerror="alert(1)">',
  "javascript:alert(1)",
  "{{7*7}}$" + "{7*7}", // template injection, both syntaxes
  "../../etc/passwd",
  "__proto__",
  "constructor",
  "toString",
  "NaN",
  "Infinity",
  "-0",
  "1e309",
  "0x10",
  "00000000000000000000001",
  "9".repeat(400),
  "true",
  "null",
  "undefined",
  "[]",
  "{}",
  "x".repeat(10_000),
  "𝒜".repeat(600),
  "é".repeat(80),
  "2030-02-30",
  "9999-12-31",
  "0000-01-01",
];

/** Values that look almost right: they get past a first check and into the code behind it. */
export const PLAUSIBLE = [
  "Valid name",
  "a",
  "ab",
  "admin",
  "someone@example.test",
  "correct horse battery",
  "on",
  "off",
  "true",
  "1",
  "2",
  "3",
  "42",
  "2030-01-01",
  new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
  "never",
  "30, 7, 1",
  "none",
  "view",
  "manage",
  "full",
  "user",
  "auditor",
  "activate",
  "deactivate",
  "revoke",
  "delete",
];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 3, arbitrary: fc.constantFrom(...PLAUSIBLE) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary-ascii", minLength: 100, maxLength: 700 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...PLAUSIBLE), fc.constantFrom(...NASTY_STRINGS))
      .map(([good, bad]) => `${good}${bad.slice(0, 50)}`),
  },
);

const hostileNumber = fc.oneof(
  fc.integer({ min: -3, max: 50 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(2 ** 53, 2 ** 53 + 2, -(2 ** 63), 2 ** 64, 1e308, -1e308, 5e-324, 0.5, 1.5, -0),
);

/** Anything JSON can carry, biased towards the hostile. */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: hostileString },
  { weight: 3, arbitrary: hostileNumber },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(hostileString, hostileString, { maxKeys: 3 }) },
);

/**
 * Anything a server action can receive (React's reply encoding carries more than JSON: undefined,
 * NaN, ±Infinity, BigInt, Date, Map, Set, typed arrays, Blob/File, promises and references).
 */
export const hostileActionValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: hostileJson },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      undefined,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      10n,
      -(2n ** 70n),
      new Date(0),
      new Date(Number.NaN),
      new Map([["id", 1]]),
      new Set([1, 2]),
      new Uint8Array([1, 2, 3]),
      new Blob(["x"]),
      new File(["x"], "x.txt"),
      () => 1,
    ),
  },
  { weight: 1, arbitrary: hostileJson.map((value) => Promise.resolve(value)) },
);

/** An object with `fields` (some of them, in any mix) plus the odd unexpected one, set to `values`. */
export function hostileRecord(fields: readonly string[], values: fc.Arbitrary<unknown>) {
  const names = fields.length ? fc.oneof(fc.constantFrom(...fields), hostileString) : hostileString;
  return fc
    .tuple(
      fc
        .subarray([...fields])
        .chain((chosen) => fc.tuple(...chosen.map((field) => values.map((value) => [field, value] as const)))),
      fc.array(fc.tuple(names, values), { maxLength: 2 }),
    )
    .map(([known, extra]) => {
      const record: Record<string, unknown> = {};
      // defineProperty: a field named __proto__ is an own property, as JSON.parse would make it.
      for (const [key, value] of [...known, ...extra]) {
        Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
      }
      return record;
    });
}
