/**
 * How the production server is started, by `npm start` (package.json, which a test holds to this),
 * the e2e suite and the benchmarks: Node's flags, then the entry.
 *
 * `--max-semi-space-size=4`: the API thread allocates fast but keeps little (each request's objects
 * die young), so 4 MB young-generation semi-spaces instead of V8's 16 are enough and keep the server
 * within its 300 MB memory budget, for more frequent, shorter scavenges (figures: docs/benchmarks.md).
 * The pages worker has its own limits (lib/server/host.ts).
 */
export const SERVER_NODE_ARGS = ["--max-semi-space-size=4", "--import", "tsx", "scripts/start.ts"];
