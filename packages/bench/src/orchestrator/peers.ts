/**
 * The peers of one run and how their processes are started. Server and client of a peer always
 * run in separate processes on the same runtime: Bun for raw and Strand, Node or Bun for grpc-js.
 * `strand-ws` is Strand over WebSocket: its own server process (the same worker as `strand`, whose
 * one server object listens on TCP and WebSocket alike) and a client on `createWebChannel`.
 */
import { join } from "node:path";
import type { NodeBundles } from "./node-bundle.ts";

/** Peer ids, in report order. */
export const PEER_IDS = ["strand", "strand-push", "strand-ws", "strand-otel", "strand-metrics", "strand-observed", "grpc-node", "grpc-bun", "raw", "strand-none", "strand-zstd", "strand-gzip"] as const;
/** One peer of the comparison. */
export type PeerId = (typeof PEER_IDS)[number];

/**
 * The peers that take part in WebSocket's scenarios only (S1, S2, S3 64 B; see plan.ts): issue 16
 * asks for WebSocket beside TCP at those points, and the rest of the suite keeps its running time.
 */
export const WEBSOCKET_PEERS: readonly PeerId[] = ["strand-ws"];

/**
 * Strand with observability installed on both sides: the same server and client workers as
 * `strand`, each its own process, told by flags what to install (`peers/instrumentation.ts`).
 * `strand-otel`: `@strand/otel`'s interceptors and a real SDK; `strand-metrics`: `@strand/metrics`
 * (prom-client), scraped once a second; `strand-observed`: both, as a production service runs.
 * They take part in S2 only, where issue 19 measures their overhead against plain Strand in the
 * same run.
 */
export const INSTRUMENTED_PEERS = ["strand-otel", "strand-metrics", "strand-observed"] as const satisfies readonly PeerId[];

/** The worker flags of each {@link INSTRUMENTED_PEERS} peer: what it installs. */
const INSTRUMENTATION_FLAGS: { readonly [P in (typeof INSTRUMENTED_PEERS)[number]]: readonly string[] } = {
  "strand-otel": ["--otel"],
  "strand-metrics": ["--metrics"],
  "strand-observed": ["--otel", "--metrics"],
};

/**
 * S9's peers, and its only ones: Strand with compression off, zstd and gzip on both sides (server
 * `compression` and channel `compression`), each a server and client of its own whose processes
 * count the bytes they write to their sockets — so the `strand` peer that every other scenario
 * measures carries no instrumentation. They come with `strand` (`--peers strand` selects them).
 */
export const COMPRESSION_PEERS = ["strand-none", "strand-zstd", "strand-gzip"] as const satisfies readonly PeerId[];

/**
 * Strand whose server streams with a push-style handler (`{ push }`, `peers/bench-handlers.ts`)
 * instead of an async generator: S3 only, beside the generator in the same run (issue 20 measures
 * both). It comes with `strand`; its client is plain Strand's.
 */
export const PUSH_PEERS = ["strand-push"] as const satisfies readonly PeerId[];

/** The `compression` option of a {@link COMPRESSION_PEERS} peer. */
function compressionOf(peer: (typeof COMPRESSION_PEERS)[number]): string {
  return JSON.stringify({ compression: peer.slice("strand-".length) });
}

/** Human-readable peer names for tables and charts. */
export const PEER_LABELS: { readonly [P in PeerId]: string } = {
  strand: "Strand",
  "strand-push": "Strand, push-style handler",
  "strand-ws": "Strand over WebSocket",
  "strand-otel": "Strand + OpenTelemetry",
  "strand-metrics": "Strand + Prometheus",
  "strand-observed": "Strand + OpenTelemetry + Prometheus",
  "grpc-node": "grpc-js (Node)",
  "grpc-bun": "grpc-js (Bun)",
  raw: "raw Bun TCP",
  "strand-none": "Strand, uncompressed",
  "strand-zstd": "Strand, zstd",
  "strand-gzip": "Strand, gzip",
};

/** Whether the peer's processes run on Bun (every peer but grpc-js on Node): only those log JSC's collections. */
export function runsOnBun(peer: PeerId): boolean {
  return peer !== "grpc-node";
}

/** Where things are: the package root, the runtimes and the Node bundles. */
export interface PeerPaths {
  readonly root: string;
  readonly bun: string;
  readonly node: string;
  readonly bundles: NodeBundles;
}

/** The command line of a peer's server process. */
export function serverArgv(peer: PeerId, paths: PeerPaths): string[] {
  const proto = join(paths.root, "proto/bench.proto");
  switch (peer) {
    case "raw":
      return [paths.bun, join(paths.root, "src/workers/raw-server.ts")];
    case "strand":
    case "strand-ws":
      // A process of its own for each: server CPU is sampled per process, per peer.
      return [paths.bun, join(paths.root, "src/workers/strand-server.ts")];
    case "strand-otel":
    case "strand-metrics":
    case "strand-observed":
      return [paths.bun, join(paths.root, "src/workers/strand-server.ts"), "{}", ...INSTRUMENTATION_FLAGS[peer]];
    case "strand-push":
      return [paths.bun, join(paths.root, "src/workers/strand-server.ts"), "{}", "--push"];
    case "strand-none":
    case "strand-zstd":
    case "strand-gzip":
      return [paths.bun, join(paths.root, "src/workers/strand-server.ts"), compressionOf(peer), "--count-bytes"];
    case "grpc-node":
      return [paths.node, "--expose-gc", paths.bundles.server, proto];
    case "grpc-bun":
      return [paths.bun, join(paths.root, "src/workers/grpc-server.ts"), proto];
  }
}

/** The command line of a peer's client worker, given its server's ports (JSON). */
export function clientArgv(peer: PeerId, paths: PeerPaths, ports: string): string[] {
  const proto = join(paths.root, "proto/bench.proto");
  switch (peer) {
    case "raw":
      return [paths.bun, join(paths.root, "src/workers/raw-client.ts"), ports];
    case "strand":
    case "strand-push":
      return [paths.bun, join(paths.root, "src/workers/strand-client.ts"), ports];
    case "strand-otel":
    case "strand-metrics":
    case "strand-observed":
      return [paths.bun, join(paths.root, "src/workers/strand-client.ts"), ports, "{}", ...INSTRUMENTATION_FLAGS[peer]];
    case "strand-none":
    case "strand-zstd":
    case "strand-gzip":
      return [paths.bun, join(paths.root, "src/workers/strand-client.ts"), ports, compressionOf(peer), "--count-bytes"];
    case "strand-ws":
      return [paths.bun, join(paths.root, "src/workers/strand-ws-client.ts"), ports];
    case "grpc-node":
      return [paths.node, paths.bundles.client, ports, proto];
    case "grpc-bun":
      return [paths.bun, join(paths.root, "src/workers/grpc-client.ts"), ports, proto];
  }
}
