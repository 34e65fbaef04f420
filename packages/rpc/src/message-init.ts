/**
 * What callers may pass where a message is expected — call arguments, request streams, handler
 * results: any subset of its fields, at every depth (nested messages, oneof values, list elements
 * and map values may be partial too), with a misspelled field still an error. Requests and
 * handler results are encoded as given by generated codecs (absent fields are defaults) or go
 * through the codec's `create(init)`, so users never spell out default values.
 *
 * The same shape as `@strand/protobuf`'s `MessageInit` (generated `create` takes that one); rpc
 * depends on no other package of ours, so it is stated here again.
 */
export type MessageInit<T> = { [K in keyof T]?: FieldInit<T[K]> };

/** One field's init: scalars, bytes and enums as they are; messages — alone, in lists, maps and oneofs — partial. */
export type FieldInit<F> = F extends Uint8Array | bigint | number | string | boolean | null | undefined
  ? F
  : F extends readonly (infer E)[]
    ? FieldInit<E>[]
    : F extends { readonly case: undefined }
      ? F
      : F extends { readonly case: infer C; readonly value: infer V }
        ? { case: C; value: FieldInit<V> }
        : F extends object
          ? MessageInit<F>
          : F;
