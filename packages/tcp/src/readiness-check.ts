import { Code, type ClientCallListener, type ClientTransportCall, type OpenCall, type Transport } from "@strand/rpc/client";
import type { Session } from "@strand/wire";
import { rpcErrorFrom } from "./error-translation.ts";
import { failedCall } from "./pending-call.ts";
import { WireClientCall } from "./wire-client-call.ts";

/**
 * A client-side readiness check (the `strand` facade's health checking is one): run on every new
 * connection of a channel, it may call the server over `connection` — that connection only —
 * and reports whether calls may be routed there. Until its first report the connection counts
 * as still connecting; after `report(false)` it is skipped by the load-balancing policy. `signal`
 * aborts when the connection ends (closed, drained, removed, channel closed): stop then.
 */
export type ReadinessCheck = (connection: Transport, report: (serving: boolean) => void, signal: AbortSignal) => void;

/** The readiness of a subchannel's current connection as its check last reported it. */
export type Serving = "unknown" | "serving" | "not_serving";

/**
 * A `Transport` over one session, for readiness checks: calls go on that connection or fail with
 * `Unavailable`; they never hold an `unref` channel's connection ref'd (a health watch runs for
 * the connection's whole life).
 */
export function sessionTransport(session: Session): Transport {
  return {
    openCall(open: OpenCall, listener: ClientCallListener): ClientTransportCall {
      try {
        const stream = session.openStream(open.head, open.message === undefined ? { end: open.end } : { message: open.message, end: open.end });
        return new WireClientCall(stream, listener);
      } catch (error) {
        const rpcError = rpcErrorFrom(error);
        return failedCall(open, listener, rpcError, rpcError.code === Code.Unavailable);
      }
    },
  };
}
