/**
 * `@strand/rpc/internal`: exported for transports, conformance tests and tools, but not part of
 * the user-facing API (it may change without notice): the header-block codec of PROTOCOL.md §13,
 * the AsyncLocalStorage that carries deadlines and cancellation into nested calls, and the
 * `RetryInfo` reader of the retry interceptor (checked against generated code by `strand`'s tests).
 */
export { emptyBlock, HeaderTag, type BlockKind, type RequestHead, type Trailers } from "./header-block.ts";
export { decodeRequestHead, decodeResponseHeaders, decodeTrailers } from "./header-decoder.ts";
export { encodePathEntry, encodeRequestHead, encodeResponseHeaders, encodeTrailers } from "./header-encoder.ts";
export { maxVarintBytes, readVarint, varintSize, writeVarint } from "./varint.ts";
export { callScope, type CallScope } from "./call-scope.ts";
export { retryDelayMs } from "./retry-info.ts";
