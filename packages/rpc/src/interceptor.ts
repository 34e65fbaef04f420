import type { MethodDescriptor } from "./descriptor.ts";
import type { Compression } from "./compression.ts";
import type { Metadata } from "./metadata.ts";

/**
 * Client interceptors, Connect-style: `next => async req => res`. One signature covers the four
 * call kinds because the request side is either one message (`stream: false`: unary and server
 * streaming) or an async iterable (`stream: true`: client and bidi streaming), and likewise the
 * response side (`stream: false`: unary and client streaming; `stream: true`: server and bidi).
 * `method.kind` tells which combination a call is.
 */
interface RequestCommon {
  readonly method: MethodDescriptor;
  /** Request metadata; interceptors may add to it before calling `next`. */
  readonly header: Metadata;
  /** Absolute deadline (ms since the epoch) after options and propagation, or `undefined`. */
  deadline: number | undefined;
  /** The call's cancellation (user signal and inherited handler signal), or `undefined` if none. */
  signal: AbortSignal | undefined;
  /** The call option, passed through to the transport. */
  readonly waitForReady: boolean;
  /** The call option (`undefined`: the channel's), passed through to the transport. */
  readonly compression?: Compression | undefined;
  /** The call option; invoked by the transport end of the chain when headers arrive. */
  readonly onHeader: ((headers: Metadata) => void) | undefined;
  /** The call option; invoked by the transport end of the chain when trailers arrive. */
  readonly onTrailer: ((trailers: Metadata) => void) | undefined;
  /**
   * The transport's `target` (what the channel dials, as the user named it), for
   * interceptors that report where calls go (OpenTelemetry's `server.address`); `undefined` when
   * the transport has none.
   */
  readonly target?: string | undefined;
}

/** A request carrying one message. */
export interface UnaryRequest<I = unknown> extends RequestCommon {
  readonly stream: false;
  message: I;
}

/** A request carrying a stream of messages. */
export interface StreamRequest<I = unknown> extends RequestCommon {
  readonly stream: true;
  messages: AsyncIterable<I>;
}

/** A response carrying one message; `header` and `trailer` are complete. */
export interface UnaryResponse<O = unknown> {
  readonly stream: false;
  readonly method: MethodDescriptor;
  message: O;
  readonly header: Metadata;
  readonly trailer: Metadata;
}

/**
 * A response carrying a stream of messages; resolved once response headers arrived, so `header`
 * is complete and `trailer` fills in when `messages` ends. Stopping the iteration early cancels.
 */
export interface StreamResponse<O = unknown> {
  readonly stream: true;
  readonly method: MethodDescriptor;
  messages: AsyncIterable<O>;
  readonly header: Metadata;
  readonly trailer: Metadata;
}

/** Any client request. */
export type CallRequest = UnaryRequest | StreamRequest;
/** Any client response. */
export type CallResponse = UnaryResponse | StreamResponse;
/** The function interceptors wrap. */
export type CallFn = (request: CallRequest) => Promise<CallResponse>;
/** A client interceptor. Failures are `RpcError`s thrown (rejected) from the returned function. */
export type Interceptor = (next: CallFn) => CallFn;

/** Wraps `terminal` so that the first interceptor of the list is the outermost. */
export function applyInterceptors(terminal: CallFn, interceptors: readonly Interceptor[]): CallFn {
  let fn = terminal;
  for (let i = interceptors.length - 1; i >= 0; i--) fn = (interceptors[i] as Interceptor)(fn);
  return fn;
}
