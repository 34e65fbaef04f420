import { AsyncLocalStorage } from "node:async_hooks";

/**
 * What a client call inherits from the handler it is made in (gRPC's context propagation): the
 * handler's deadline and its cancellation. The server runs each handler inside `callScope.run`.
 */
export interface CallScope {
  /** ms since the epoch, or `undefined`. */
  readonly deadline: number | undefined;
  readonly signal: AbortSignal;
}

/** The propagation store. `node:async_hooks` is the one runtime import the RPC layer allows itself. */
export const callScope: AsyncLocalStorage<CallScope> = new AsyncLocalStorage<CallScope>();
