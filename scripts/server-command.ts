/**
 * How the production server is started, by `npm start` (package.json, which a test holds to this),
 * the e2e suite and the benchmarks: Node's flags, then the entry.
 *
 * `--max-semi-space-size=8`: the API thread allocates fast but keeps little (each request's objects
 * die young), so young-generation semi-spaces of 8 MB instead of V8's 16 keep 10–25 MB less
 * resident at no throughput cost measured (4 MB saved more but cost introspection 10–15 % of its
 * throughput). The pages worker has its own limits (lib/server/host.ts).
 */
export const SERVER_NODE_ARGS = ["--max-semi-space-size=8", "--import", "tsx", "scripts/start.ts"];
