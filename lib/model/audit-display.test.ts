import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AUDIT_EVENTS } from "./audit";
import {
  AUDIT_EVENT_LABELS,
  AUDIT_REASON_LABELS,
  auditDetails,
  auditEventLabel,
  auditOutcomeLabel,
  auditReasonLabel,
} from "./audit-display";

/** Every `event: "x.y"` literal in the code that writes events. */
function emittedCodes(): string[] {
  const root = path.resolve(import.meta.dirname, "../..");
  const codes = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) {
        for (const match of readFileSync(file, "utf8").matchAll(/\bevent: "([a-z_]+\.[a-z_]+)"/g))
          codes.add(match[1] ?? "");
      }
    }
  };
  for (const dir of ["lib", "db", "app"]) walk(path.join(root, dir));
  return [...codes].sort();
}

describe("audit events in words", () => {
  it("names every event code, each differently", () => {
    for (const code of AUDIT_EVENTS) expect(AUDIT_EVENT_LABELS[code], code).toMatch(/^[A-Z][A-Za-z-]* [a-z]/);
    const labels = AUDIT_EVENTS.map((code) => AUDIT_EVENT_LABELS[code]);
    expect(new Set(labels).size).toBe(labels.length);
    expect(auditEventLabel("key.create")).toBe("Key created");
    expect(auditEventLabel("api.auth")).toBe("API authentication");
  });

  it("covers every code the code base writes", () => {
    const emitted = emittedCodes();
    expect(emitted.length).toBeGreaterThan(5);
    for (const code of emitted) expect(AUDIT_EVENTS as readonly string[], code).toContain(code);
  });

  it("shows a code it does not know as stored", () => {
    expect(auditEventLabel("key.rotate")).toBe("key.rotate");
  });
});

/**
 * Every failure reason code the code base stores: `reason: "x"` (and a `reason: "x" | "y"` type),
 * `authFailure(caller, "x", …)`, and the refusals lib/api/authenticate.ts computes (`return "x"`,
 * the branches of a `? "x" : "y"`).
 */
function emittedReasons(): string[] {
  const root = path.resolve(import.meta.dirname, "../..");
  const codes = new Set<string>();
  const add = (text: string, pattern: RegExp) => {
    for (const match of text.matchAll(pattern))
      for (const code of (match[1] ?? "").matchAll(/"([a-z_]+)"/g)) codes.add(code[1] ?? "");
  };
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) {
        const text = readFileSync(file, "utf8");
        add(text, /\breason: ("[a-z_]+"(?:\s*\|\s*"[a-z_]+")*)/g);
        add(text, /\bauthFailure\(\w+, ("[a-z_]+")/g);
        if (file.endsWith(path.join("api", "authenticate.ts")))
          add(text, /(?:\breturn|\?|\) :|^\s*:) ("[a-z]+(?:_[a-z]+)+")/gm);
      }
    }
  };
  for (const dir of ["lib", "db", "app"]) walk(path.join(root, dir));
  return [...codes].sort();
}

describe("failure reasons in words", () => {
  it("names every reason code the code base writes, each differently", () => {
    const emitted = emittedReasons();
    expect(emitted).toEqual(expect.arrayContaining(["wrong_password", "unknown_secret", "key_revoked", "throttled"]));
    for (const code of emitted) expect(AUDIT_REASON_LABELS[code], code).toMatch(/^[A-Z][a-z]* /);
    const labels = Object.values(AUDIT_REASON_LABELS);
    expect(new Set(labels).size).toBe(labels.length);
    expect(auditReasonLabel("wrong_password")).toBe("Wrong password");
    expect(auditReasonLabel("invalid_client")).toBe("Wrong client ID or secret");
  });

  it("shows a code it does not know as stored", () => {
    expect(auditReasonLabel("cosmic_ray")).toBe("cosmic_ray");
  });

  it("an outcome with its reason in words, as the Audit page and a key's history show it", () => {
    expect(auditOutcomeLabel("success", null)).toBe("Success");
    expect(auditOutcomeLabel("failure", "key_revoked")).toBe("Failure (Key revoked)");
    expect(auditOutcomeLabel("failure", "cosmic_ray")).toBe("Failure (cosmic_ray)");
    expect(auditOutcomeLabel("failure", null)).toBe("Failure");
  });
});

describe("auditDetails", () => {
  it("a setting change: the setting by its label, old and new value", () => {
    expect(auditDetails("setting.update", '{"name":"tokenTtlSeconds","from":3600,"to":1800}')).toEqual([
      { label: "Setting", value: "Access token lifetime (seconds)" },
      { label: "From", value: "3600" },
      { label: "To", value: "1800" },
    ]);
    expect(auditDetails("setting.update", '{"name":"expiryReminderDays","from":[30,7,1],"to":[14]}')).toEqual([
      { label: "Setting", value: "Expiry reminders (days before)" },
      { label: "From", value: "30, 7, 1" },
      { label: "To", value: "14" },
    ]);
  });

  it("a key's details: labelled, dates and booleans in words, changed fields by their labels", () => {
    expect(
      auditDetails("key.create", '{"owner":"alice","expiresAt":"2030-06-15T23:59:59.999Z","bearerEnabled":false}'),
    ).toEqual([
      { label: "Owner", value: "alice" },
      { label: "Expires", value: "2030-06-15 23:59 UTC" },
      { label: "Bearer token", value: "No" },
    ]);
    expect(auditDetails("key.update", '{"owner":"bob","changed":["name","expiresAt"]}')).toContainEqual({
      label: "Changed",
      value: "Name, Expires",
    });
    expect(auditDetails("key.deactivate", '{"owner":"bob","from":"active","to":"inactive"}')).toContainEqual({
      label: "To",
      value: "Inactive",
    });
  });

  it("a user's edit: each changed field from → to; unknown keys humanized; never raw JSON", () => {
    const items = auditDetails(
      "user.update",
      '{"changed":["fullName"],"fullName":{"from":"A B","to":"A C"},"someThing":1}',
    );
    expect(items).toEqual([
      { label: "Changed", value: "Full name" },
      { label: "Full name", value: "A B → A C" },
      { label: "Some thing", value: "1" },
    ]);
    expect(auditDetails("api.auth", '{"via":"basic","count":3}')).toEqual([
      { label: "Via", value: "basic" },
      { label: "Attempts", value: "3" },
    ]);
    expect(auditDetails("api.auth", '{"via":"bearer_key"}')).toEqual([{ label: "Via", value: "Bearer key" }]);
    expect(auditDetails("api.auth", '{"via":"client_credentials"}')).toEqual([
      { label: "Via", value: "Client credentials" },
    ]);
    expect(auditDetails("key.delete", null)).toEqual([]);
    expect(auditDetails("key.delete", "not json")).toEqual([{ label: "Details", value: "not json" }]);
  });
});
