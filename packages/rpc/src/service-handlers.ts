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

/**
 * Where a push-style handler sends its responses ({@link PushServerStreamingHandler}): each
 * `send` goes to the transport at once, with no promise per message unless flow control asks
 * the handler to wait.
 */
export interface ResponseWriter<O> {
  /**
   * Sends one response message. `undefined`: send the next one right away; a promise: the client
   * is behind, wait for it before sending more (it resolves when there is room again or the call
   * ended). Throws the call's `RpcError` once the call has ended (client cancelled, deadline
   * passed, connection lost) — so a loop of sends stops by itself — and what the codec throws.
   */
  send(message: MessageInit<O>): Promise<void> | undefined;
}

/**
 * Server streaming, push style: `{ push: async (request, responses, ctx) => { … } }`. The handler
 * calls `responses.send(…)` and awaits only the promises it returns; the stream ends with OK when
 * the handler returns and with its error when it throws. An alternative to the async generator
 * for producers of many small messages, where a generator's promise per message is most of the
 * cost; generators stay the first choice.
 */
export interface PushServerStreamingHandler<I, O> {
  push(request: I, responses: ResponseWriter<O>, ctx: HandlerContext): Promise<void> | void;
}

/** Bidi, push style: consume `requests` and `send` responses as in {@link PushServerStreamingHandler}. */
export interface PushBidiStreamingHandler<I, O> {
  push(requests: AsyncIterable<I>, responses: ResponseWriter<O>, ctx: HandlerContext): Promise<void> | void;
}

/** The handler shape for one method kind. */
export type MethodHandler<I, O, K extends MethodKind> = K extends "unary"
  ? UnaryHandler<I, O>
  : K extends "server_streaming"
    ? ServerStreamingHandler<I, O> | PushServerStreamingHandler<I, O>
    : K extends "client_streaming"
      ? ClientStreamingHandler<I, O>
      : K extends "bidi_streaming"
        ? BidiStreamingHandler<I, O> | PushBidiStreamingHandler<I, O>
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
