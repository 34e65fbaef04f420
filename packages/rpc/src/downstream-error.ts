/**
 * Which `RpcError`s came from a peer's trailers. A handler that calls another service and lets
 * that call's error escape rethrows an error it did not write: the server then decides by its
 * `downstreamDetails` option whether that error's details go on to its own client. A WeakSet, so
 * the mark costs nothing on errors made locally and nothing at all on successful calls.
 */
import type { RpcError } from "./rpc-error.ts";

const received = new WeakSet<RpcError>();

/** Marks `error` as received from a server (the client does this for every status it decodes). */
export function markReceived(error: RpcError): RpcError {
  received.add(error);
  return error;
}

/** True when `error` is, as an object, one a client received from its server. */
export function isReceived(error: RpcError): boolean {
  return received.has(error);
}
