/**
 * What a client call inherits from the handler it is made in (gRPC's context propagation): the
 * handler's deadline and its cancellation. The server runs each handler inside `callScope.run`.
 */
export interface CallScope {
  /** ms since the epoch, or `undefined`. */
  readonly deadline: number | undefined;
  readonly signal: AbortSignal;
}

/** The shape of `AsyncLocalStorage` this layer uses. */
export interface ScopeStore {
  getStore(): CallScope | undefined;
  /** Runs `fn(...args)` with `scope` current (arguments rather than a closure: one less allocation per call). */
  run<R, A extends unknown[]>(scope: CallScope, fn: (...args: A) => R, ...args: A): R;
}

/** Before a server exists there are no handlers, so nothing to inherit: no store, no `node:async_hooks`. */
const NO_STORE: ScopeStore = { getStore: () => undefined, run: (_scope, fn, ...args) => fn(...args) };

/**
 * The propagation store (a live binding: importers see the one installed). Servers install
 * `AsyncLocalStorage` (`call-scope-store.ts`, imported by the dispatcher); a client-only bundle —
 * a browser's — never loads `node:async_hooks`.
 */
export let callScope: ScopeStore = NO_STORE;

/** Installs the store handlers run in (once, by the server side). */
export function useScopeStore(next: ScopeStore): void {
  if (callScope === NO_STORE) callScope = next;
}
