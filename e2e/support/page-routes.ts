import { readdirSync } from "node:fs";
import path from "node:path";

/**
 * Every page of the app, read from app/ (each `page.tsx`), so a new page is covered by the specs
 * that walk them all without anyone adding it to a list. Route groups such as `(app)` are not part
 * of the URL; dynamic segments keep their `[name]`.
 */
export type PageRoute = { file: string; pattern: string };

export function pageRoutes(appDir = path.join(process.cwd(), "app")): PageRoute[] {
  const routes: PageRoute[] = [];
  for (const entry of readdirSync(appDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/^page\.(tsx|ts|jsx|js)$/.test(entry.name)) continue;
    const dir = path.relative(appDir, entry.parentPath);
    const segments = dir.split(path.sep).filter((segment) => segment && !/^\(.*\)$/.test(segment));
    if (segments.some((segment) => segment.startsWith("_") || segment.startsWith("@"))) continue; // private folders, slots
    routes.push({ file: path.join("app", dir, entry.name), pattern: `/${segments.join("/")}` });
  }
  return routes.sort((a, b) => a.pattern.localeCompare(b.pattern));
}

/** A URL for the route: each `[name]` replaced by `params[name]` (default "1"). */
export function pathOf(route: PageRoute, params: Record<string, string | number> = {}): string {
  return route.pattern.replace(/\[(?:\.\.\.)?([^\]]+)\]/g, (_, name: string) =>
    encodeURIComponent(params[name] ?? "1"),
  );
}
