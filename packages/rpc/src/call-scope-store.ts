/**
 * Installs `AsyncLocalStorage` as the call-scope store. Imported for its effect by the dispatcher:
 * wherever handlers run, calls they make inherit their deadline and cancellation.
 * `node:async_hooks` is the one runtime import the RPC layer allows itself, on the server side only.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { type CallScope, useScopeStore } from "./call-scope.ts";

useScopeStore(new AsyncLocalStorage<CallScope>());
