/**
 * The peers of one run and how their processes are started. Server and client of a peer always
 * run in separate processes on the same runtime: Bun for raw and Strand, Node or Bun for grpc-js.
 * `strand-ws` is Strand over WebSocket: its own server process (the same worker as `strand`, whose
 * one server object listens on TCP and WebSocket alike) and a client on `createWebChannel`.
 */
import { join } from "node:path";
import type { NodeBundles } from "./node-bundle.ts";

/** Peer ids, in report order. */
export const PEER_IDS = ["strand", "strand-ws", "grpc-node", "grpc-bun", "raw"] as const;
/** One peer of the comparison. */
export type PeerId = (typeof PEER_IDS)[number];

/**
 * The peers that take part in WebSocket's scenarios only (S1, S2, S3 64 B; see plan.ts): issue 16
 * asks for WebSocket beside TCP at those points, and the rest of the suite keeps its running time.
 */
export const WEBSOCKET_PEERS: readonly PeerId[] = ["strand-ws"];

/** Human-readable peer names for tables and charts. */
export const PEER_LABELS: { readonly [P in PeerId]: string } = {
  strand: "Strand",
  "strand-ws": "Strand over WebSocket",
  "grpc-node": "grpc-js (Node)",
  "grpc-bun": "grpc-js (Bun)",
  raw: "raw Bun TCP",
};

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
      return [paths.bun, join(paths.root, "src/workers/strand-client.ts"), ports];
    case "strand-ws":
      return [paths.bun, join(paths.root, "src/workers/strand-ws-client.ts"), ports];
    case "grpc-node":
      return [paths.node, paths.bundles.client, ports, proto];
    case "grpc-bun":
      return [paths.bun, join(paths.root, "src/workers/grpc-client.ts"), ports, proto];
  }
}
