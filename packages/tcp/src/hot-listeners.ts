import type { ListenAddress, WireListener } from "./wire-listener.ts";

/*
 * `bun --hot` support: listeners outlive the module evaluation that created them.
 *
 * Under `bun --hot`, a file change re-evaluates every module (this one included) in the same
 * process, keeping `globalThis` and open sockets. The re-run server module calls `createServer()`
 * and `listen()` again, which on its own would fail with EADDRINUSE while the previous
 * evaluation's listener keeps serving the old handlers. So in hot mode every listener is recorded
 * here, on `globalThis`, keyed by the address `listen()` was asked for (`port: 0` included); a
 * `listen()` of the same address by a LATER evaluation adopts it: the port and open connections
 * stay, new calls — on new and open connections — go to the new server's handlers, its TLS
 * options apply to new connections, and calls already running finish on the old handlers. The
 * new server owns the listener from then on (its `close()` closes it).
 *
 * Kept explicit: only when the process runs with `--hot`, and only across evaluations — a second
 * server listening on the same address in the SAME evaluation still gets EADDRINUSE, as two
 * different servers on one port should. A listener that the new code no longer listens on keeps
 * serving the old handlers until the process exits.
 */

/** A listener in the registry, with who holds it now. */
export interface HotEntry {
  readonly listener: WireListener;
  /** The module evaluation that last claimed it. */
  evaluation: symbol;
  /** Removes it from its current owner (a server of an earlier evaluation) when adopted. */
  release: () => void;
}

/** One symbol per evaluation of this module: how a re-run is told apart from a second server. */
const evaluation = Symbol("strand module evaluation");

/** Bumped when the entry shape changes, so a reload across versions never adopts a foreign object. */
const registryKey = Symbol.for("strand.tcp.hot-listeners.v1");

/** True when the process runs under `bun --hot`. */
export function hotReloadActive(): boolean {
  return process.execArgv.includes("--hot");
}

/** The registry key of an address: as asked for, with `listenWire`'s default host. */
export function hotKey(address: ListenAddress): string {
  return "unix" in address ? `unix:${address.unix}` : `${address.hostname ?? "127.0.0.1"}:${address.port}`;
}

/** The listener an earlier evaluation left on `key`, if any (not yet claimed: see {@link claimHotListener}). */
export function earlierHotListener(key: string): WireListener | undefined {
  return registry().get(key)?.find((e) => e.evaluation !== evaluation)?.listener;
}

/** Takes `listener` from its previous owner (its `release` runs) for this evaluation, whose `release` gives it up again. */
export function claimHotListener(key: string, listener: WireListener, release: () => void): void {
  const entry = registry().get(key)?.find((e) => e.listener === listener);
  if (entry === undefined) return;
  entry.release();
  entry.evaluation = evaluation;
  entry.release = release;
}

/** Records a listener this evaluation opened on `key`. */
export function recordHotListener(key: string, listener: WireListener, release: () => void): void {
  const entries = registry().get(key) ?? [];
  entries.push({ listener, evaluation, release });
  registry().set(key, entries);
}

/** Forgets a listener that was closed. */
export function forgetHotListener(listener: WireListener): void {
  for (const [key, entries] of registry()) {
    const rest = entries.filter((e) => e.listener !== listener);
    if (rest.length === 0) registry().delete(key);
    else if (rest.length !== entries.length) registry().set(key, rest);
  }
}

function registry(): Map<string, HotEntry[]> {
  const global = globalThis as { [registryKey]?: Map<string, HotEntry[]> };
  return (global[registryKey] ??= new Map());
}
