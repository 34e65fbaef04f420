import { expect, test } from "bun:test";
import { Code } from "@strand/rpc";
import { ErrorCode, WireError } from "@strand/wire";
import { rpcErrorFromWire } from "./error-translation.ts";

test("a wire error's reason becomes the status message as written, without its code", () => {
  const wire = new WireError(ErrorCode.KeepaliveTimeout, "no PONG within 20000 ms");
  const error = rpcErrorFromWire(wire);
  expect(error.code).toBe(Code.Unavailable);
  expect(error.message).toBe("no PONG within 20000 ms");
  expect(error.cause).toBe(wire);
});

test("a reason that looks like a code prefix is not stripped", () => {
  const error = rpcErrorFromWire(new WireError(ErrorCode.ProtocolError, "[BATCH] bad layout"));
  expect(error.code).toBe(Code.Internal);
  expect(error.message).toBe("[BATCH] bad layout");
});

test("a stream cancelled by the peer reads as such", () => {
  const error = rpcErrorFromWire(new WireError(ErrorCode.Cancel, "client went away", { scope: "stream", initiator: "remote" }));
  expect(error.code).toBe(Code.Canceled);
  expect(error.message).toBe("the call was cancelled by the peer");
});

test("a message compressed with an algorithm the receiver does not accept is Unimplemented, both ends", () => {
  const local = rpcErrorFromWire(new WireError(ErrorCode.UnsupportedCompression, "message compressed with zstd, which this endpoint does not accept (it accepts: gzip)", { scope: "stream" }));
  expect(local.code).toBe(Code.Unimplemented);
  expect(local.message).toContain("zstd");
  const remote = rpcErrorFromWire(new WireError(ErrorCode.UnsupportedCompression, "stream reset by peer", { scope: "stream", initiator: "remote" }));
  expect(remote.code).toBe(Code.Unimplemented);
  expect(remote.message).toContain("compression");
});
