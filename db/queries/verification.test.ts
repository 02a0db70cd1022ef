import { createHash } from "node:crypto";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as keys from "@/lib/keys";
import { createKey } from "@/lib/services/access-keys";
import { makeUser, testContext } from "@/test/db/fixtures";
import { rootActor } from "@/test/support/actors";
import { databasePath, getSqlite, writeTransaction } from "../client";
import {
  findAccessToken,
  findKeyByClientCredentials,
  findKeyBySecret,
  insertAccessTokenTx,
  recordApiUsage,
} from "./verification";

async function issuedKey() {
  const owner = await makeUser("user");
  const issued = await createKey(
    rootActor,
    { ownerId: owner.id, name: "memo", description: "", expiresAt: undefined, bearerEnabled: true },
    testContext,
  );
  const token = keys.generateAccessToken();
  writeTransaction((tx) =>
    insertAccessTokenTx(tx, keys.hashSecret(token), issued.key.id, new Date(Date.now() + 3_600_000)),
  );
  return { ...issued, token };
}

/** A change committed by another connection, as another process (or the server's other thread) makes it. */
function elsewhere(sql: string, ...params: unknown[]): void {
  const other = new Database(databasePath());
  try {
    other.prepare(sql).run(...params);
  } finally {
    other.close();
  }
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the verification memo", () => {
  it("answers a secret, client or token verified before without the HMAC, until the database changes", async () => {
    const { key, secret, token } = await issuedKey();
    const lookups = () => [
      findKeyBySecret(secret)?.keyId,
      findKeyByClientCredentials(key.clientId, secret)?.keyId,
      findAccessToken(token)?.keyId,
    ];
    expect(lookups()).toEqual([key.id, key.id, key.id]);
    const hmac = vi.spyOn(keys, "hashSecret");
    expect(lookups()).toEqual([key.id, key.id, key.id]);
    expect(hmac).not.toHaveBeenCalled();

    elsewhere("update access_keys set name = name where id = ?", key.id);
    expect(lookups()).toEqual([key.id, key.id, key.id]);
    expect(hmac).toHaveBeenCalledTimes(3);
  });

  it("sees a change committed by another connection on the very next lookup", async () => {
    const { key, secret, token } = await issuedKey();
    expect(findKeyBySecret(secret)?.keyStatus).toBe("active");
    expect(findAccessToken(token)?.tokenRevoked).toBe(false);

    elsewhere("update access_keys set status = 'inactive' where id = ?", key.id);
    expect(findKeyBySecret(secret)?.keyStatus).toBe("inactive");
    expect(findKeyByClientCredentials(key.clientId, secret)?.keyStatus).toBe("inactive");

    elsewhere("update issued_tokens set revoked_at = ? where key_id = ?", Date.now(), key.id);
    expect(findAccessToken(token)?.tokenRevoked).toBe(true);

    elsewhere("delete from access_keys where id = ?", key.id);
    expect([findKeyBySecret(secret), findKeyByClientCredentials(key.clientId, secret), findAccessToken(token)]).toEqual(
      [undefined, undefined, undefined],
    );
  });

  it("sees a change made on this thread's own connection on the very next lookup", async () => {
    const { key, secret } = await issuedKey();
    expect(findKeyBySecret(secret)?.keyStatus).toBe("active");
    getSqlite().prepare("update access_keys set status = 'revoked' where id = ?").run(key.id);
    expect(findKeyBySecret(secret)?.keyStatus).toBe("revoked");
  });

  it("remembers a client with the secret presented: a wrong secret after a right one is still refused", async () => {
    const { key, secret } = await issuedKey();
    const other = await issuedKey();
    expect(findKeyByClientCredentials(key.clientId, secret)?.keyId).toBe(key.id);
    expect(findKeyByClientCredentials(key.clientId, keys.generateSecret())).toBeUndefined();
    // Another key's real secret is no better, and a secret is not a token.
    expect(findKeyByClientCredentials(key.clientId, other.secret)).toBeUndefined();
    expect(findKeyByClientCredentials(other.key.clientId, secret)).toBeUndefined();
    expect(findAccessToken(secret.replace(keys.SECRET_PREFIX, keys.ACCESS_TOKEN_PREFIX))).toBeUndefined();
    // Refusals are remembered too, and stay refusals.
    expect(findKeyByClientCredentials(key.clientId, other.secret)).toBeUndefined();
    expect(findKeyByClientCredentials(key.clientId, secret)?.keyId).toBe(key.id);
  });

  it("pays for the HMAC on a wrong secret and on an unknown client alike", async () => {
    const { key } = await issuedKey();
    const hmac = vi.spyOn(keys, "hashSecret");
    expect(findKeyByClientCredentials(key.clientId, keys.generateSecret())).toBeUndefined();
    expect(findKeyByClientCredentials("kwc_00000000000000000000", keys.generateSecret())).toBeUndefined();
    expect(findKeyBySecret(keys.generateSecret())).toBeUndefined();
    expect(hmac).toHaveBeenCalledTimes(3);
  });

  it("shares frozen principals, so no caller can change what the next one sees", async () => {
    const { secret, token } = await issuedKey();
    const principal = findKeyBySecret(secret);
    expect(findKeyBySecret(secret)).toBe(principal);
    expect(Object.isFrozen(principal)).toBe(true);
    expect(Object.isFrozen(findAccessToken(token))).toBe(true);
    expect(() => {
      (principal as { ownerRole: string }).ownerRole = "admin";
    }).toThrow(TypeError);
    expect(principal && "secretHash" in principal).toBe(false);
  });
});

describe("recording usage", () => {
  it("moves a key's last use only forward: a batch committed late never overwrites a newer one", async () => {
    const { key } = await issuedKey();
    const use = (at: number, ip: string) =>
      recordApiUsage({ lastUsed: [{ keyId: key.id, at: new Date(at), ip }], events: [] });
    const lastUsed = () =>
      getSqlite().prepare("select last_used_at as at, last_used_ip as ip from access_keys where id = ?").get(key.id);
    await use(2_000_000, "10.0.0.2");
    await use(1_000_000, "10.0.0.1"); // handed back, committed after the newer one
    expect(lastUsed()).toEqual({ at: 2_000_000, ip: "10.0.0.2" });
    await use(3_000_000, "10.0.0.3");
    expect(lastUsed()).toEqual({ at: 3_000_000, ip: "10.0.0.3" });
  });
});

describe("fingerprint", () => {
  it("is SHA-256 in base64", () => {
    const secret = keys.generateSecret();
    expect(keys.fingerprint(secret)).toBe(createHash("sha256").update(secret).digest("base64"));
  });
});
