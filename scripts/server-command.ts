/**
 * How the production server is started, by `npm start` (package.json, which a test holds to this),
 * the e2e suite and the benchmarks: Node's flags, then the entry.
 *
 * `--max-semi-space-size=4`: the API thread allocates fast but keeps little (each request's objects
 * die young), so young-generation semi-spaces of 4 MB instead of V8's 16 are enough: about 25 MB
 * less resident (bench soak: RSS 307–316 → 283–292 MB, within SPEC §5's 300 MB), for more
 * frequent, shorter scavenges (introspection ≈ 10 % more CPU per request, far above its target
 * either way; 8 MB saved only 10 MB). The pages worker has its own limits (lib/server/host.ts).
 */
export const SERVER_NODE_ARGS = ["--max-semi-space-size=4", "--import", "tsx", "scripts/start.ts"];
