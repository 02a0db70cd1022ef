import { oauthRoutes } from "./oauth";
import { resourceRoutes } from "./resources";
import { createApiHandler } from "./router";

/** Paths served by the API handler instead of Next. */
export function isApiPath(url: string | undefined): boolean {
  return (
    !!url &&
    (url.startsWith("/api/v1/") || url === "/api/v1" || url.startsWith("/.well-known/oauth-authorization-server"))
  );
}

export const handleApiRequest = createApiHandler([...oauthRoutes, ...resourceRoutes]);
export { usage } from "./usage";
