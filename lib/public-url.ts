/** The public base URL set by the operator (PUBLIC_URL), without a trailing slash; undefined when unset. */
export function configuredPublicUrl(): string | undefined {
  const url = process.env.PUBLIC_URL?.trim();
  return url ? url.replace(/\/+$/, "") : undefined;
}

/**
 * The base URL for links that leave the request (e-mails, the OAuth issuer): PUBLIC_URL, or this
 * machine on PORT when it is unset.
 */
export function publicUrl(): string {
  return configuredPublicUrl() ?? `http://localhost:${Number(process.env.PORT) || 3000}`;
}
