import { Code } from "./code.ts";
import type { Interceptor } from "./interceptor.ts";
import { defaultLimits, nonNegativeInteger, verifyLimits, type Limits } from "./limits.ts";
import { RpcError } from "./rpc-error.ts";

/** Options of `createClient`. */
export interface ClientOptions extends Limits {
  /** Client interceptors, outermost first. Default: none. */
  readonly interceptors: readonly Interceptor[];
  /**
   * How many times a call the server provably never processed (transport `notProcessed`: GOAWAY,
   * refused stream) is retried transparently, without interceptors seeing it. Only calls whose
   * request fitted the first frame or sent nothing yet are retried. Default: 2.
   */
  readonly maxTransparentRetries: number;
}

/** The defaults of {@link ClientOptions}. */
export const defaultClientOptions: ClientOptions = {
  ...defaultLimits,
  interceptors: [],
  maxTransparentRetries: 2,
};

/** Fills in defaults and throws `InvalidArgument` on bad values, at construction. */
export function verifyClientOptions(options: Partial<ClientOptions> = {}): ClientOptions {
  const merged: ClientOptions = { ...defaultClientOptions, ...stripUndefined(options) };
  verifyLimits(merged);
  nonNegativeInteger("maxTransparentRetries", merged.maxTransparentRetries);
  if (!Array.isArray(merged.interceptors) || !merged.interceptors.every((i) => typeof i === "function")) {
    throw new RpcError(Code.InvalidArgument, "interceptors must be an array of functions");
  }
  return merged;
}

/** Drops `undefined`-valued keys so `{ x: undefined }` means "default", as users expect. */
export function stripUndefined<T extends object>(options: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(options) as (keyof T)[]) {
    if (options[key] !== undefined) out[key] = options[key];
  }
  return out;
}
