import { describe, expect, it } from "vitest";
import { allowedTransitions, effectiveStatus, type KeyStatus, skipReason, TRANSITIONS } from "./key-state";

describe("the key state machine", () => {
  it("allows, per stored status, exactly what the row menu offers", () => {
    const table: Record<KeyStatus, string[]> = {
      active: ["deactivate", "revoke"],
      inactive: ["activate", "revoke"],
      revoked: [],
    };
    for (const [status, actions] of Object.entries(table)) {
      expect(allowedTransitions(status as KeyStatus), status).toEqual(actions);
    }
  });

  it("moves each transition to its target and names why a bulk action skips the rest", () => {
    expect(TRANSITIONS.activate.to).toBe("active");
    expect(TRANSITIONS.deactivate.to).toBe("inactive");
    expect(TRANSITIONS.revoke.to).toBe("revoked");
    expect(skipReason("revoke", "revoked")).toBe("already revoked");
    expect(skipReason("deactivate", "inactive")).toBe("already inactive");
    expect(skipReason("activate", "revoked")).toBe("revoked: only Regenerate brings it back");
    expect(skipReason("deactivate", "active")).toBe("status active");
  });

  it("shows revoked over expired, and expired over the stored status", () => {
    const past = new Date(Date.now() - 1000);
    expect(effectiveStatus({ status: "revoked", expiresAt: past })).toBe("revoked");
    expect(effectiveStatus({ status: "inactive", expiresAt: past })).toBe("expired");
    expect(effectiveStatus({ status: "inactive", expiresAt: null })).toBe("inactive");
  });
});
