/**
 * `@strand/rpc/descriptors`: what generated service code needs — the descriptor builders and the
 * client and handler types derived from them — and nothing else. Its import graph holds no
 * transport, no `node:` module and no Bun API, so generated code stays loadable in browsers.
 */
export {
  method,
  service,
  type ByteSink,
  type IdempotencyLevel,
  type MessageCodec,
  type MessageEncoder,
  type MethodDescriptor,
  type MethodKind,
  type MethodMap,
  type MethodOptions,
  type ServiceDescriptor,
} from "./descriptor.ts";
export type { MessageInit } from "./message-init.ts";
export type {
  BidiStreamingMethod,
  Client,
  ClientMethod,
  ClientStreamingMethod,
  RequestStream,
  ServerStreamingMethod,
  UnaryMethod,
} from "./client-types.ts";
export type {
  BidiStreamingHandler,
  ClientStreamingHandler,
  MethodHandler,
  PushBidiStreamingHandler,
  PushServerStreamingHandler,
  ResponseWriter,
  ServerStreamingHandler,
  ServiceHandlers,
  UnaryHandler,
} from "./service-handlers.ts";
