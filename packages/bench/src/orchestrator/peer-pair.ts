/**
 * A peer's server and client worker, started together and stopped together. The server reports
 * its ports, the client is told them; `stop()` ends both even if one of them already failed.
 * With `gcLog`, Bun workers log their collections, so each window can report the bytes each side
 * allocated (run-alloc.ts); logging slows them down, so the measured runs go without it.
 */
import { GC_LOG_ENV } from "../load/alloc-mark.ts";
import { clientArgv, runsOnBun, serverArgv, type PeerId, type PeerPaths } from "./peers.ts";
import { WorkerProcess } from "./worker-process.ts";

/** A peer's two processes. */
export interface PeerPair {
  readonly peer: PeerId;
  readonly server: WorkerProcess;
  readonly client: WorkerProcess;
  /** Stops both processes; each is killed if still alive after `graceMs` (default 1 s). */
  stop(graceMs?: number): Promise<void>;
}

/** Starts the server, waits for its ports, then starts the client worker. */
export async function startPeerPair(peer: PeerId, paths: PeerPaths, gcLog = false): Promise<PeerPair> {
  const env = gcLog && runsOnBun(peer) ? GC_LOG_ENV : undefined;
  const server = WorkerProcess.start(`${peer} server`, serverArgv(peer, paths), env);
  let client: WorkerProcess | undefined;
  try {
    const { event: _event, ...ports } = await server.next("listening", 30_000);
    client = WorkerProcess.start(`${peer} client`, clientArgv(peer, paths, JSON.stringify(ports)), env);
  } catch (error) {
    await server.stop();
    throw error;
  }
  const started = client;
  return {
    peer,
    server,
    client: started,
    async stop(graceMs?: number) {
      await Promise.allSettled([started.stop(graceMs), server.stop(graceMs)]);
    },
  };
}

/** Starts one pair per peer; if any fails, the ones already started are stopped. */
export async function startPeerPairs(peers: readonly PeerId[], paths: PeerPaths): Promise<PeerPair[]> {
  const pairs: PeerPair[] = [];
  try {
    for (const peer of peers) pairs.push(await startPeerPair(peer, paths));
  } catch (error) {
    await Promise.allSettled(pairs.map((p) => p.stop()));
    throw error;
  }
  return pairs;
}
