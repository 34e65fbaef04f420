import { method, service } from "strand";
import { Empty, InteropRequest, InteropResponse, RawBytes } from "./interop-messages.ts";

const NAME = "grpc.testing.TestService";

/**
 * A hand-written descriptor shaped like `grpc.testing.TestService` (codegen is not ready). The
 * server never implements `unimplementedCall`, which the unimplemented_method case calls.
 */
export const InteropService = service(NAME, {
  emptyCall: method(NAME, "EmptyCall", "unary", Empty, Empty),
  unaryCall: method(NAME, "UnaryCall", "unary", InteropRequest, InteropResponse, { idempotency: "idempotent" }),
  streamingOutputCall: method(NAME, "StreamingOutputCall", "server_streaming", InteropRequest, InteropResponse),
  streamingInputCall: method(NAME, "StreamingInputCall", "client_streaming", InteropRequest, InteropResponse),
  fullDuplexCall: method(NAME, "FullDuplexCall", "bidi_streaming", InteropRequest, InteropResponse),
  unimplementedCall: method(NAME, "UnimplementedCall", "unary", Empty, Empty),
});

/** A service the server never registers (the unimplemented_service case). */
export const UnimplementedService = service("grpc.testing.UnimplementedService", {
  unimplementedCall: method("grpc.testing.UnimplementedService", "UnimplementedCall", "unary", Empty, Empty),
});

/**
 * The same wire path as `InteropService.unaryCall` / `streamingInputCall`, but with raw-byte codecs:
 * the client can send bytes the server's codec rejects, or more bytes than the server's limit.
 */
export const RawInteropService = service(NAME, {
  unaryCall: method(NAME, "UnaryCall", "unary", RawBytes, RawBytes),
  streamingInputCall: method(NAME, "StreamingInputCall", "client_streaming", RawBytes, RawBytes),
  streamingOutputCall: method(NAME, "StreamingOutputCall", "server_streaming", RawBytes, RawBytes),
});
