import type { MethodDescriptor } from "./descriptor.ts";
import type { HandlerContext } from "./handler-context.ts";
import type { Metadata } from "./metadata.ts";
import type { MessageInit } from "./message-init.ts";

/**
 * Server interceptors mirror the client's (`next => async req => res`) with the same split:
 * `stream: false` carries one message, `stream: true` an async iterable, on each side. They run
 * before the handler and inside the call's propagation scope; response headers and trailers are
 * set through `req.ctx`. Throwing an `RpcError` ends the call with it, the handler never running.
 */
interface ServerRequestCommon {
  readonly method: MethodDescriptor;
  /** Request headers (the same object as `ctx.metadata`). */
  readonly header: Metadata;
  readonly ctx: HandlerContext;
}

/** A request with one message (unary and server streaming). */
export interface ServerUnaryRequest<I = unknown> extends ServerRequestCommon {
  readonly stream: false;
  message: I;
}

/** A request with a message stream (client and bidi streaming). */
export interface ServerStreamRequest<I = unknown> extends ServerRequestCommon {
  readonly stream: true;
  messages: AsyncIterable<I>;
}

/** A response with one message (unary and client streaming). */
export interface ServerUnaryResponse<O = unknown> {
  readonly stream: false;
  message: MessageInit<O>;
}

/** A response stream (server and bidi streaming); pulled only as fast as the transport accepts. */
export interface ServerStreamResponse<O = unknown> {
  readonly stream: true;
  messages: AsyncIterable<MessageInit<O>>;
}

/** Any server request. */
export type ServerRequest = ServerUnaryRequest | ServerStreamRequest;
/** Any server response. */
export type ServerResponse = ServerUnaryResponse | ServerStreamResponse;
/** The function server interceptors wrap; the innermost one calls the handler. */
export type ServerCallFn = (request: ServerRequest) => Promise<ServerResponse>;
/** A server interceptor. */
export type ServerInterceptor = (next: ServerCallFn) => ServerCallFn;

/** Wraps `terminal` so that the first interceptor of the list is the outermost. */
export function applyServerInterceptors(terminal: ServerCallFn, interceptors: readonly ServerInterceptor[]): ServerCallFn {
  let fn = terminal;
  for (let i = interceptors.length - 1; i >= 0; i--) fn = (interceptors[i] as ServerInterceptor)(fn);
  return fn;
}
