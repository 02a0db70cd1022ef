import {
  findAccessToken,
  insertAccessTokenTx,
  type KeyPrincipal,
  revokeAccessTokenTx,
  type TokenPrincipal,
} from "@/db/queries/verification";
import { generateAccessToken, hashSecret } from "@/lib/keys";
import type { AuditContext } from "@/lib/model/audit";
import { roleMay } from "@/lib/model/authz";
import { audit, writeWithEffects } from "./effects";
import { getSettings } from "./settings";

/*
 * OAuth access tokens (client credentials): issuing one, who may see or revoke which, and revoking.
 * The lookups (`findAccessToken`, `findKeyBySecret`, …) stay the repository's own functions on the
 * verification hot path: nothing is wrapped around them here.
 */

/** Issues an access token for an authenticated client; the token is returned once, only its hash stored. */
export async function issueToken(client: KeyPrincipal, ctx: AuditContext) {
  const { tokenTtlSeconds } = await getSettings();
  const accessToken = generateAccessToken();
  const expiresAt = new Date(Date.now() + tokenTtlSeconds * 1000);
  await writeWithEffects((tx) => {
    insertAccessTokenTx(tx, hashSecret(accessToken), client.keyId, expiresAt);
    audit(tx, ctx, {
      event: "token.issue",
      targetType: "access_key",
      targetId: client.keyId,
      targetLabel: client.keyName,
      clientId: client.clientId,
      details: { expiresIn: tokenTtlSeconds },
    });
  });
  return { accessToken, expiresIn: tokenTtlSeconds };
}

/** A client sees its own key's tokens; a key of an owner whose role may introspect any, every token. */
export function mayIntrospect(client: KeyPrincipal, token: TokenPrincipal): boolean {
  return token.keyId === client.keyId || roleMay(client.ownerRole, "tokens:introspect-any");
}

/**
 * RFC 7009: revokes the token if it exists and the client may (its own key's, or any when its
 * owner's role may revoke any); true when a token was revoked, recorded in the same transaction.
 */
export async function revokeToken(client: KeyPrincipal, token: string, ctx: AuditContext): Promise<boolean> {
  const found = findAccessToken(token);
  const may = found && (found.keyId === client.keyId || roleMay(client.ownerRole, "tokens:revoke-any"));
  if (!found || found.tokenRevoked || !may) return false;
  return writeWithEffects((tx) => {
    const revoked = revokeAccessTokenTx(tx, hashSecret(token), new Date());
    if (revoked) {
      audit(tx, ctx, {
        event: "token.revoke",
        targetType: "access_key",
        targetId: found.keyId,
        targetLabel: found.keyName,
        clientId: found.clientId,
      });
    }
    return revoked;
  });
}
