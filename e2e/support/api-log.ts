import { appendFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import type { APIResponse } from "@playwright/test";
import { findWellFormedSecrets } from "../../lib/keys";
import { E2E_DATA_DIR } from "./env";

/**
 * Every REST API answer an e2e spec receives, recorded for the secret-hygiene sweep: its status and
 * the well-formed secrets and tokens found in its headers and body. `issued` names the one value
 * this answer hands out (the token endpoint's access token), which is the only one it may hold.
 */
export const API_LOG = path.join(E2E_DATA_DIR, "api-responses.jsonl");

export type ApiRecord = { what: string; status: number; found: string[]; issued?: string };

export async function recordApi(what: string, response: APIResponse, issued?: string): Promise<APIResponse> {
  const text = `${JSON.stringify(response.headers())}\n${await response.text()}`;
  const record: ApiRecord = { what, status: response.status(), found: findWellFormedSecrets(text), issued };
  mkdirSync(E2E_DATA_DIR, { recursive: true });
  appendFileSync(API_LOG, `${JSON.stringify(record)}\n`);
  return response;
}
