import type { CallOptions } from "./call-options.ts";
import type { MethodDescriptor, MethodKind, ServiceDescriptor } from "./descriptor.ts";
import type { MessageInit } from "./message-init.ts";

/** Requests of client- and bidi-streaming calls: anything iterable, sync or async. */
export type RequestStream<I> = AsyncIterable<MessageInit<I>> | Iterable<MessageInit<I>>;

/** A unary method on a client: one request, one response. */
export type UnaryMethod<I, O> = (request: MessageInit<I>, options?: CallOptions) => Promise<O>;
/** A server-streaming method: leaving `for await` early cancels the call. */
export type ServerStreamingMethod<I, O> = (request: MessageInit<I>, options?: CallOptions) => AsyncIterable<O>;
/** A client-streaming method: requests are sent as the server's flow control allows. */
export type ClientStreamingMethod<I, O> = (requests: RequestStream<I>, options?: CallOptions) => Promise<O>;
/** A bidi-streaming method. */
export type BidiStreamingMethod<I, O> = (requests: RequestStream<I>, options?: CallOptions) => AsyncIterable<O>;

/** The client method shape for one method kind. */
export type ClientMethod<I, O, K extends MethodKind> = K extends "unary"
  ? UnaryMethod<I, O>
  : K extends "server_streaming"
    ? ServerStreamingMethod<I, O>
    : K extends "client_streaming"
      ? ClientStreamingMethod<I, O>
      : K extends "bidi_streaming"
        ? BidiStreamingMethod<I, O>
        : never;

/**
 * The typed client of a service, derived from its descriptor so generated code only needs to
 * emit `type GreeterClient = Client<typeof Greeter>`.
 */
export type Client<S extends ServiceDescriptor> = {
  readonly [K in keyof S["methods"]]: S["methods"][K] extends MethodDescriptor<infer I, infer O, infer Kind>
    ? ClientMethod<I, O, Kind>
    : never;
};
