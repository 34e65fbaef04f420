/**
 * Strand's benchmark server (Bun): the generated `Bench` service on `createServer()` with default
 * options, so the figures are what a user gets out of the box. An optional argument gives server
 * options as JSON (S8's refusing server: `{"maxConnections":1}`; S9's peers: `{"compression":"zstd"}`),
 * and `--count-bytes` after it makes `usage` report the bytes written to sockets (S9); `--otel`
 * and `--metrics` install OpenTelemetry and Prometheus metrics (the instrumented peers,
 * `peers/instrumentation.ts`); `--push` serves `pump` with a push-style handler (`strand-push`).
 *
 * The one server object listens on TCP and on a standalone WebSocket endpoint (`url` in the
 * `listening` event), as a user serving both would run it; the `strand` peer's client dials the
 * port, the `strand-ws` peer's client the URL. An idle listener costs nothing measurable.
 */
import { createServer, type ServerOptions } from "strand";
import { Bench } from "../gen/bench.ts";
import { benchHandlers, pushBenchHandlers } from "../peers/bench-handlers.ts";
import { serverInstrumentation } from "../peers/instrumentation.ts";
import { countSocketBytes } from "../peers/socket-bytes.ts";
import { serveControl } from "./server-control.ts";

const options = JSON.parse(process.argv[2] ?? "{}") as ServerOptions;
const flags = process.argv.slice(3);
if (flags.includes("--count-bytes")) countSocketBytes();
const instrumentation = await serverInstrumentation(flags);
const server = createServer({ ...options, interceptors: instrumentation.interceptors }).add(Bench, flags.includes("--push") ? pushBenchHandlers : benchHandlers);
instrumentation.watch(server);
const { port } = await server.listen({ hostname: "127.0.0.1", port: 0 });
const { url } = await server.listen({ websocket: { hostname: "127.0.0.1", port: 0, path: "/strand" } });
serveControl({ port: port! }, { url: url! });
