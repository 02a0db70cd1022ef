import { describe, expect, it, vi } from "vitest";
import { generateAccessToken, hashSecret } from "@/lib/keys";
import { runJobs } from "@/lib/notifications/jobs";
import { createKey } from "@/lib/services/access-keys";
import { makeUser, testContext } from "@/test/db/fixtures";
import { rootActor } from "@/test/support/actors";
import * as client from "../client";
import { getSqlite } from "../client";
import {
  EXPIRED_TOKEN_RETENTION_MS,
  findAccessToken,
  insertAccessTokenTx,
  purgeExpiredTokens,
  revokeAccessTokenTx,
} from "./verification";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function newKey() {
  const owner = await makeUser("user");
  const { key } = await createKey(
    rootActor,
    { ownerId: owner.id, name: "purge", description: "", expiresAt: undefined, bearerEnabled: true },
    testContext,
  );
  return key.id;
}

async function issue(keyId: number, expiresAt: Date): Promise<string> {
  const token = generateAccessToken();
  client.writeTransaction((tx) => insertAccessTokenTx(tx, hashSecret(token), keyId, expiresAt));
  return token;
}

const revoke = (token: string) =>
  client.writeTransaction((tx) => revokeAccessTokenTx(tx, hashSecret(token), new Date()));

/** Expired tokens straight into the table, for volumes the token endpoint would take too long to make. */
function insertRawTokens(keyId: number, n: number, expiresAt: Date): void {
  const insert = getSqlite().prepare("insert into issued_tokens (token_hash, key_id, expires_at) values (?, ?, ?)");
  getSqlite().transaction(() => {
    for (let i = 0; i < n; i++) insert.run(`raw-${keyId}-${i}-${Math.random()}`, keyId, expiresAt.getTime());
  })();
}

const countTokens = () => (getSqlite().prepare("select count(*) as n from issued_tokens").get() as { n: number }).n;

describe("purging expired access tokens", () => {
  it("deletes tokens expired over a day ago and keeps recently expired, live and revoked-but-live ones", async () => {
    const keyId = await newKey();
    const now = new Date();
    const at = (offset: number) => new Date(now.getTime() + offset);
    const old = [await issue(keyId, at(-2 * DAY)), await issue(keyId, at(-DAY - 1))];
    const oldRevoked = await issue(keyId, at(-3 * DAY));
    revoke(oldRevoked);
    const kept = {
      recentlyExpired: await issue(keyId, at(-DAY + HOUR)),
      live: await issue(keyId, at(HOUR)),
      revokedLive: await issue(keyId, at(HOUR)),
    };
    expect(revoke(kept.revokedLive)).toBe(true);
    const before = countTokens();

    expect(await purgeExpiredTokens(now)).toBe(3);
    expect(countTokens()).toBe(before - 3);
    for (const token of [...old, oldRevoked]) expect(findAccessToken(token)).toBeUndefined();
    expect(findAccessToken(kept.recentlyExpired)?.tokenExpiresAt).toBe(now.getTime() - DAY + HOUR);
    expect(findAccessToken(kept.live)?.tokenRevoked).toBe(false);
    expect(findAccessToken(kept.revokedLive)?.tokenRevoked).toBe(true);

    expect(await purgeExpiredTokens(now)).toBe(0); // nothing left to purge
  });

  it("keeps a token expired exactly one day ago, and purges it a millisecond later", async () => {
    const keyId = await newKey();
    const now = new Date();
    const token = await issue(keyId, new Date(now.getTime() - EXPIRED_TOKEN_RETENTION_MS));
    expect(await purgeExpiredTokens(now)).toBe(0);
    expect(findAccessToken(token)).toBeDefined();
    expect(await purgeExpiredTokens(new Date(now.getTime() + 1))).toBe(1);
    expect(findAccessToken(token)).toBeUndefined();
  });

  it("purges a backlog larger than one chunk, chunk after chunk", async () => {
    const keyId = await newKey();
    const now = new Date();
    const live = await issue(keyId, new Date(now.getTime() + HOUR));
    insertRawTokens(keyId, 7, new Date(now.getTime() - 2 * DAY));
    const transactions = vi.spyOn(client, "writeTransaction");
    expect(await purgeExpiredTokens(now, 3)).toBe(7);
    expect(transactions).toHaveBeenCalledTimes(3); // chunks of 3, 3 and 1
    transactions.mockRestore();

    insertRawTokens(keyId, 5_001, new Date(now.getTime() - 2 * DAY)); // past the default chunk
    insertRawTokens(keyId, 5_000, new Date(now.getTime() - 3 * DAY));
    expect(await purgeExpiredTokens(now)).toBe(10_001);
    expect(countTokens()).toBeGreaterThan(0);
    expect(findAccessToken(live)?.tokenRevoked).toBe(false);
    const expired = getSqlite()
      .prepare("select count(*) as n from issued_tokens where expires_at < ?")
      .get(now.getTime() - EXPIRED_TOKEN_RETENTION_MS) as { n: number };
    expect(expired.n).toBe(0);
  });

  it("runs with every scheduler pass, which reports the count", async () => {
    const keyId = await newKey();
    const now = new Date();
    insertRawTokens(keyId, 4, new Date(now.getTime() - 2 * DAY));
    const report = await runJobs({ now });
    expect(report.tokensPurged).toBe(4);
    expect((await runJobs({ now })).tokensPurged).toBe(0);
  });
});
