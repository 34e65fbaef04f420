import { stripUndefined } from "./client-options.ts";
import { Code } from "./code.ts";
import type { CallResponse, Interceptor } from "./interceptor.ts";
import { nonNegativeInteger, positiveInteger } from "./limits.ts";
import { retryDelayMs } from "./retry-info.ts";
import { RpcError } from "./rpc-error.ts";

/** Options of {@link retryInterceptor}. */
export interface RetryOptions {
  /** Attempts in total, the first included. Default: 3. */
  readonly maxAttempts: number;
  /** Delay before the first retry, in ms. Default: 100. */
  readonly initialBackoffMs: number;
  /** Ceiling of the delay, in ms, also of a server's `RetryInfo` delay. Default: 5,000. */
  readonly maxBackoffMs: number;
  /** Growth factor of the delay per retry (≥ 1). Default: 2. */
  readonly multiplier: number;
  /** Random spread of each delay, as a fraction (0.2 = ±20 %). Default: 0.2. */
  readonly jitter: number;
  /** Codes worth retrying. Default: `[Code.Unavailable]`. */
  readonly retryableCodes: readonly Code[];
}

/** The defaults of {@link RetryOptions}. */
export const defaultRetryOptions: RetryOptions = {
  maxAttempts: 3,
  initialBackoffMs: 100,
  maxBackoffMs: 5000,
  multiplier: 2,
  jitter: 0.2,
  retryableCodes: [Code.Unavailable],
};

/** Fills in defaults and throws `InvalidArgument` on bad values. */
export function verifyRetryOptions(options: Partial<RetryOptions> = {}): RetryOptions {
  const o: RetryOptions = { ...defaultRetryOptions, ...stripUndefined(options) };
  positiveInteger("maxAttempts", o.maxAttempts);
  nonNegativeInteger("initialBackoffMs", o.initialBackoffMs);
  nonNegativeInteger("maxBackoffMs", o.maxBackoffMs);
  if (!(o.multiplier >= 1)) throw new RpcError(Code.InvalidArgument, "multiplier must be ≥ 1");
  if (!(o.jitter >= 0 && o.jitter <= 1)) throw new RpcError(Code.InvalidArgument, "jitter must be within [0, 1]");
  return o;
}

/**
 * Retries unary calls of methods declared idempotent (`idempotent` or `no_side_effects`) when they
 * fail with a retryable code, with exponential backoff and jitter. Listens to the server: when the
 * error carries a `google.rpc.RetryInfo` detail, the wait is at least its `retryDelay` (capped at
 * `maxBackoffMs`; the advice never makes another code retryable). Never retries other kinds or
 * methods (a retried side effect is a bug), never past the call's deadline or after its signal.
 */
export function retryInterceptor(options: Partial<RetryOptions> = {}): Interceptor {
  const o = verifyRetryOptions(options);
  return (next) => async (req) => {
    if (req.stream || req.method.kind !== "unary" || req.method.idempotency === "unknown") return next(req);
    let backoff = o.initialBackoffMs;
    for (let attempt = 1; ; attempt++) {
      let result: CallResponse;
      try {
        result = await next(req);
        return result;
      } catch (error) {
        const e = RpcError.from(error);
        if (attempt >= o.maxAttempts || !o.retryableCodes.includes(e.code)) throw e;
        const delay = retryDelay(Math.min(backoff, o.maxBackoffMs) * (1 + o.jitter * (2 * Math.random() - 1)), e, o);
        if (req.deadline !== undefined && Date.now() + delay >= req.deadline) throw e;
        await sleep(delay, req.signal);
        backoff *= o.multiplier;
      }
    }
  };
}

/** The wait before the next attempt: the backoff, or the server's `RetryInfo` delay (up to `maxBackoffMs`) when that is longer. */
function retryDelay(backoff: number, error: RpcError, o: RetryOptions): number {
  const advised = error.details.length === 0 ? undefined : retryDelayMs(error.details);
  return advised === undefined ? backoff : Math.max(backoff, Math.min(advised, o.maxBackoffMs));
}

/** An unref'd delay that rejects with the signal's reason when aborted. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(RpcError.from(signal.reason, Code.Canceled));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(RpcError.from(signal?.reason, Code.Canceled));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    (timer as { unref?: () => void }).unref?.();
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
