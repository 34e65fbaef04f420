/**
 * `@strand/rpc/client`: the client half of the RPC layer — typed clients, codes, errors, metadata,
 * interceptors — without the server (no dispatcher, so no `node:async_hooks`): what a browser
 * bundle needs beside a transport. Everything here is also exported by `@strand/rpc`.
 */
export * from "./descriptors.ts";
export { Code, codeFromName, codeName, isCode } from "./code.ts";
export { RpcError, type RpcErrorOptions } from "./rpc-error.ts";
export { errorDetail, type DetailType, type ErrorDetail } from "./error-detail.ts";
export type { DetailJson, DetailRegistry, RpcErrorJson } from "./error-json.ts";
export { Metadata, type MetadataInit, type MetadataValue } from "./metadata.ts";
export type { CallOptions } from "./call-options.ts";
export { COMPRESSION_ALGORITHMS, isCompressionAlgorithm, verifyCompression, type Compression, type CompressionAlgorithm } from "./compression.ts";
export { createClient } from "./client.ts";
export type { ClientOptions } from "./client-options.ts";
export type { CallFn, CallRequest, CallResponse, Interceptor, StreamRequest, StreamResponse, UnaryRequest, UnaryResponse } from "./interceptor.ts";
export type { CancelReason, ClientCallListener, ClientTransportCall, OpenCall, Transport } from "./transport.ts";
export { retryInterceptor, type RetryOptions } from "./retry-interceptor.ts";
