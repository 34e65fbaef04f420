import type { MethodDescriptor, MethodKind, ServiceDescriptor } from "./descriptor.ts";
import type { HandlerContext } from "./handler-context.ts";
import type { MessageInit } from "./message-init.ts";

/** Unary handler: return (or resolve) the response; throw an `RpcError` to choose the status. */
export type UnaryHandler<I, O> = (request: I, ctx: HandlerContext) => Promise<MessageInit<O>> | MessageInit<O>;
/** Server-streaming handler, usually an async generator; it is pulled only as fast as the client reads. */
export type ServerStreamingHandler<I, O> = (request: I, ctx: HandlerContext) => AsyncIterable<MessageInit<O>>;
/** Client-streaming handler: consume `requests`, return the single response. */
export type ClientStreamingHandler<I, O> = (
  requests: AsyncIterable<I>,
  ctx: HandlerContext,
) => Promise<MessageInit<O>> | MessageInit<O>;
/** Bidi handler, usually an async generator over `requests`. */
export type BidiStreamingHandler<I, O> = (requests: AsyncIterable<I>, ctx: HandlerContext) => AsyncIterable<MessageInit<O>>;

/** The handler shape for one method kind. */
export type MethodHandler<I, O, K extends MethodKind> = K extends "unary"
  ? UnaryHandler<I, O>
  : K extends "server_streaming"
    ? ServerStreamingHandler<I, O>
    : K extends "client_streaming"
      ? ClientStreamingHandler<I, O>
      : K extends "bidi_streaming"
        ? BidiStreamingHandler<I, O>
        : never;

/**
 * The implementation of a service, derived from its descriptor so generated code only needs to
 * emit `type GreeterHandlers = ServiceHandlers<typeof Greeter>`.
 */
export type ServiceHandlers<S extends ServiceDescriptor> = {
  [K in keyof S["methods"]]: S["methods"][K] extends MethodDescriptor<infer I, infer O, infer Kind>
    ? MethodHandler<I, O, Kind>
    : never;
};
