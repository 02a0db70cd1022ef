import type { Metadata } from "next";
import { openApiDocument } from "@/lib/api/openapi";
import { requireActor } from "@/lib/next/session";

export const metadata: Metadata = { title: "API reference" };

type Operation = {
  summary?: string;
  description?: string;
  security?: unknown[];
  parameters?: { name: string; in: string }[];
};
type Doc = { info: { description: string }; paths: Record<string, Record<string, Operation>> };

/** A readable rendering of /api/v1/openapi.json (the same document machines read). */
export default async function ApiReferencePage() {
  await requireActor();
  const doc = openApiDocument() as Doc;
  return (
    <>
      <h1>API reference</h1>
      <p>{doc.info.description}</p>
      <p>
        Machine-readable: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1). OAuth discovery:{" "}
        <a href="/.well-known/oauth-authorization-server">/.well-known/oauth-authorization-server</a>.
      </p>
      <section className="card" aria-labelledby="quickstart">
        <h2 id="quickstart">Quick start</h2>
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: it scrolls sideways on a phone, and a keyboard must be able to scroll it */}
        <pre className="mono code-block" tabIndex={0}>{`# 1. Exchange a key's client ID and secret for an access token
curl -s -u "$CLIENT_ID:$SECRET" -d grant_type=client_credentials ${"<this server>"}/api/v1/oauth/token

# 2. Call the API with it
curl -s -H "Authorization: Bearer $ACCESS_TOKEN" ${"<this server>"}/api/v1/me`}</pre>
      </section>
      {/* Scrolls sideways on its own on a phone; focusable so a keyboard can scroll it too. */}
      <section
        className="table-scroll"
        aria-label="Endpoint table"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling box without focusable content must take focus itself
        tabIndex={0}
        style={{ marginTop: "1rem" }}
      >
        <table className="simple-table" aria-label="Endpoints">
          <thead>
            <tr>
              <th>Method</th>
              <th>Path</th>
              <th>What it does</th>
              <th>Authentication</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(doc.paths).flatMap(([path, operations]) =>
              Object.entries(operations).map(([method, op]) => (
                <tr key={`${method} ${path}`}>
                  <td className="mono">{method.toUpperCase()}</td>
                  <td className="mono">{path}</td>
                  <td>
                    {op.summary}
                    {op.description && <div className="field-hint">{op.description}</div>}
                    {op.parameters?.length ? (
                      <div className="field-hint">Parameters: {op.parameters.map((p) => p.name).join(", ")}</div>
                    ) : null}
                  </td>
                  <td>{authLabel(op)}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      </section>
    </>
  );
}

function authLabel(op: Operation): string {
  const schemes = (op.security ?? []).flatMap((s) => Object.keys(s as object));
  if (schemes.includes("bearerToken")) return "Bearer access token or key secret";
  if (schemes.includes("clientCredentials")) return "Client ID + secret";
  return "None";
}
