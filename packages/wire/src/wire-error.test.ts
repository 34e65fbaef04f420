import { expect, test } from "bun:test";
import { ErrorCode } from "./error-code.ts";
import { WireError } from "./wire-error.ts";

test("the reason is kept apart from the code; the message joins them for logs", () => {
  const error = new WireError(ErrorCode.ProtocolError, "frame too short");
  expect(error.code).toBe(ErrorCode.ProtocolError);
  expect(error.reason).toBe("frame too short");
  expect(error.message).toBe("[PROTOCOL_ERROR] frame too short");
  expect(error.name).toBe("WireError");
  expect(error.scope).toBe("connection");
  expect(error.initiator).toBe("local");
  expect(error.cause).toBeUndefined();
});

test("a reason that itself looks like a code prefix is kept verbatim", () => {
  const error = new WireError(ErrorCode.Cancel, "[NOT_A_CODE] still the reason", { scope: "stream", initiator: "remote" });
  expect(error.reason).toBe("[NOT_A_CODE] still the reason");
  expect(error.message).toBe("[CANCEL] [NOT_A_CODE] still the reason");
  expect(error.scope).toBe("stream");
  expect(error.initiator).toBe("remote");
});

test("an empty reason stays empty", () => {
  expect(new WireError(ErrorCode.NoError, "").reason).toBe("");
});

test("from() returns a WireError as it is", () => {
  const error = new WireError(ErrorCode.FlowControlError, "window overflow", { scope: "stream" });
  expect(WireError.from(error)).toBe(error);
  expect(WireError.from(error, ErrorCode.Cancel).code).toBe(ErrorCode.FlowControlError);
});

test("from() takes an Error's message as the reason and keeps the error as the cause", () => {
  const cause = new TypeError("boom");
  const error = WireError.from(cause);
  expect(error.code).toBe(ErrorCode.InternalError);
  expect(error.reason).toBe("boom");
  expect(error.message).toBe("[INTERNAL_ERROR] boom");
  expect(error.cause).toBe(cause);
});

test("from() turns anything else into a string reason with the given fallback code", () => {
  const error = WireError.from("socket gone", ErrorCode.ConnectionLost);
  expect(error.code).toBe(ErrorCode.ConnectionLost);
  expect(error.reason).toBe("socket gone");
  expect(error.message).toBe("[CONNECTION_LOST] socket gone");
  expect(error.cause).toBe("socket gone");
  expect(WireError.from(42).reason).toBe("42");
  expect(WireError.from(undefined).reason).toBe("undefined");
});
