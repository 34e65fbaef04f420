import { Code, codeName, RpcError, type ServerInterceptor, type ServerRequest, type ServerResponse, whenStreamEnds } from "@strand/rpc";

/** Most calls tracked at once: beyond it calls are only counted, so a flood cannot grow the map. */
export const MAX_TRACKED_CALLS = 10_000;
/** Failures kept for the page: the most recent ones, older ones are dropped. */
export const MAX_RECENT_FAILURES = 50;

/** A call in flight as the admin page shows it. */
export interface InFlightCall {
  /** `package.Service/Method`. */
  readonly method: string;
  /** The client's address. */
  readonly peer: string;
  /** When the call reached the interceptor, ms since the epoch. */
  readonly startedAt: number;
  /** The client's deadline, ms since the epoch, or `undefined` when it set none. */
  readonly deadline: number | undefined;
}

/** A call that ended with an error. */
export interface RecentFailure {
  /** When it ended, ms since the epoch. */
  readonly at: number;
  /** `package.Service/Method`. */
  readonly method: string;
  /** Strand's name of the status code, e.g. `"NotFound"`. */
  readonly code: string;
  /** The error's message (a non-`RpcError` is reported as `Internal`, as the client sees it). */
  readonly message: string;
}

/** What `trackCalls()` returns: the interceptor and what it has seen. */
export interface CallTracker {
  /** Put it in `createServer({ interceptors })`: the page's in-flight calls and failures come from it. */
  readonly interceptor: ServerInterceptor;
  /** The calls running now (at most {@link MAX_TRACKED_CALLS}). */
  inFlight(): InFlightCall[];
  /** Calls running now that were only counted, not tracked, because the table was full. */
  readonly untracked: number;
  /** The last {@link MAX_RECENT_FAILURES} failures, newest first. */
  failures(): RecentFailure[];
}

/**
 * Creates the server interceptor behind the admin page's live calls and recent failures. Opt-in:
 * a server without it shows connections and listeners only. It costs a map entry per call, and
 * for streaming responses a wrapper around the stream, which is why it is not built in.
 */
export function trackCalls(): CallTracker {
  const calls = new Set<InFlightCall>();
  let untracked = 0;
  const ring: RecentFailure[] = [];
  let next = 0;
  const fail = (method: string, error: unknown): void => {
    const e = error instanceof RpcError ? error : new RpcError(Code.Internal, "internal error");
    const failure: RecentFailure = { at: Date.now(), method, code: codeName(e.code), message: e.message };
    if (ring.length < MAX_RECENT_FAILURES) ring.push(failure);
    else ring[next] = failure;
    next = (next + 1) % MAX_RECENT_FAILURES;
  };
  const interceptor: ServerInterceptor = (nextHandler) => async (req: ServerRequest): Promise<ServerResponse> => {
    const method = req.method.path.replace(/^\//, "");
    const ctx = req.ctx;
    let call: InFlightCall | undefined;
    if (calls.size < MAX_TRACKED_CALLS) {
      call = { method, peer: ctx.peer, startedAt: Date.now(), deadline: ctx.deadline };
      calls.add(call);
    } else untracked++;
    let over = false;
    const end = (error: unknown): void => {
      if (over) return;
      over = true;
      ctx.signal.removeEventListener("abort", onAbort);
      if (call !== undefined) calls.delete(call);
      else untracked--;
      if (error !== undefined) fail(method, error);
    };
    // A call the client cancels, whose deadline passes or whose connection is lost ends then,
    // even if its handler never returns.
    const onAbort = (): void => end(ctx.signal.reason instanceof RpcError ? ctx.signal.reason : new RpcError(Code.Canceled, "call canceled"));
    ctx.signal.addEventListener("abort", onAbort, { once: true });
    let res: ServerResponse;
    try {
      res = await nextHandler(req);
    } catch (error) {
      end(error);
      throw error;
    }
    if (!res.stream) {
      end(undefined);
      return res;
    }
    res.messages = whenStreamEnds(res.messages, end);
    return res;
  };
  return {
    interceptor,
    inFlight: () => [...calls],
    get untracked() {
      return untracked;
    },
    failures: () => {
      const ordered = ring.length < MAX_RECENT_FAILURES ? ring.slice() : [...ring.slice(next), ...ring.slice(0, next)];
      return ordered.reverse();
    },
  };
}
