/**
 * Service and method descriptors: the only thing generated code hands to the runtime.
 *
 * Generated code stays thin (types, codecs, descriptors); the client and server read these
 * descriptors at run time, so a runtime fix never needs regeneration.
 */

import type { MessageInit } from "./message-init.ts";

/** The four call shapes of gRPC, spelled as in `google.protobuf.MethodDescriptorProto`. */
export type MethodKind = "unary" | "server_streaming" | "client_streaming" | "bidi_streaming";

/** `google.protobuf.MethodOptions.IdempotencyLevel`; retries of unary calls consult it. */
export type IdempotencyLevel = "unknown" | "no_side_effects" | "idempotent";

/** A growable buffer owned by a transport: the valid bytes are `bytes[0, length)`. */
export interface ByteSink {
  bytes: Uint8Array;
  length: number;
}

/** Something that can append a message's encoding to a {@link ByteSink} (generated codecs can). */
export interface MessageEncoder<T> {
  /** Appends at `sink.length`, replacing `sink.bytes` by a larger copy when needed; throws on an unencodable message. */
  encodeAppend(message: T, sink: ByteSink): void;
}

/**
 * A message's binary codec, as generated code exports it (the value named after the message).
 * Methods (not function-typed properties) on purpose: they are checked bivariantly, so a
 * `MessageCodec<Foo>` is usable where a `MessageCodec<unknown>` is expected.
 */
export interface MessageCodec<T> {
  /** Fully-qualified protobuf name, e.g. `"shop.v1.Order"`. */
  readonly typeName: string;
  /**
   * True when `encode` accepts a partial message (absent fields encode as their defaults), so the
   * runtime may skip `create` on the hot path. Generated codecs set it; hand-written ones may not.
   */
  readonly partialEncode?: boolean;
  /** A message with every field at its default, overlaid with `init`. */
  create(init?: MessageInit<T>): T;
  encode(message: T): Uint8Array;
  decode(bytes: Uint8Array): T;
  /**
   * Decodes `bytes[start, end)` without a view of it: messages received several to a frame then
   * cost no array each. Generated codecs have it; without it the runtime decodes a view.
   */
  decodeRange?(bytes: Uint8Array, start: number, end: number): T;
  /** See {@link MessageEncoder}; lets a transport queue small messages in one buffer. Generated codecs have it. */
  encodeAppend?(message: T, sink: ByteSink): void;
}

/** Whether `codec` can append to a transport's buffer. */
export function canAppend<T>(codec: MessageCodec<T>): codec is MessageCodec<T> & MessageEncoder<T> {
  return codec.encodeAppend !== undefined;
}

/** One rpc of a service. `I`/`O` are the request and response message types. */
export interface MethodDescriptor<I = unknown, O = unknown, K extends MethodKind = MethodKind> {
  /** The rpc's name as written in the `.proto` file, e.g. `"SayHello"`. */
  readonly name: string;
  /** Wire path: `/<package>.<Service>/<Rpc>`, the same string gRPC uses. */
  readonly path: string;
  readonly kind: K;
  readonly input: MessageCodec<I>;
  readonly output: MessageCodec<O>;
  readonly idempotency: IdempotencyLevel;
}

/** Methods of a service keyed by their lowerCamelCase local name. */
export type MethodMap = { readonly [localName: string]: MethodDescriptor<unknown, unknown, MethodKind> };

/** A service: its fully-qualified name and its methods. */
export interface ServiceDescriptor<M extends MethodMap = MethodMap> {
  /** Fully-qualified protobuf name, e.g. `"shop.v1.Catalog"`. */
  readonly typeName: string;
  readonly methods: M;
}

/** Options for {@link method}. */
export interface MethodOptions {
  /** Defaults to `"unknown"`. */
  readonly idempotency?: IdempotencyLevel;
}

/**
 * Builds a method descriptor; generated code calls this so the descriptor's shape can evolve in
 * the runtime without regenerating.
 */
export function method<I, O, K extends MethodKind>(
  serviceTypeName: string,
  name: string,
  kind: K,
  input: MessageCodec<I>,
  output: MessageCodec<O>,
  options: MethodOptions = {},
): MethodDescriptor<I, O, K> {
  return {
    name,
    path: `/${serviceTypeName}/${name}`,
    kind,
    input,
    output,
    idempotency: options.idempotency ?? "unknown",
  };
}

/** Builds a service descriptor from its methods (see {@link method}). */
export function service<M extends MethodMap>(typeName: string, methods: M): ServiceDescriptor<M> {
  return { typeName, methods };
}
