import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // better-sqlite3 is a native addon: load it from node_modules rather than bundling it.
  serverExternalPackages: ["better-sqlite3"],
  poweredByHeader: false,
  // forbidden() and forbidden.tsx: a signed-in user opening a page not for them gets a 403 page
  // inside the app's layout that says why, not a bare 404.
  experimental: { authInterrupts: true },
  // Lets a second build live beside the main one (e.g. a smoke test while e2e runs); default .next.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // `npm run check` type-checks with the native TypeScript 7 compiler; Next's own pass would repeat it.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
