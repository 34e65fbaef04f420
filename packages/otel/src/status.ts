import { Code, RpcError } from "@strand/rpc/client";

/** gRPC's status names indexed by code (`0` is OK): the values of `rpc.status_code` and `error.type`. */
const STATUS_NAMES: readonly string[] = [
  "OK",
  "CANCELLED",
  "UNKNOWN",
  "INVALID_ARGUMENT",
  "DEADLINE_EXCEEDED",
  "NOT_FOUND",
  "ALREADY_EXISTS",
  "PERMISSION_DENIED",
  "RESOURCE_EXHAUSTED",
  "FAILED_PRECONDITION",
  "ABORTED",
  "OUT_OF_RANGE",
  "UNIMPLEMENTED",
  "INTERNAL",
  "UNAVAILABLE",
  "DATA_LOSS",
  "UNAUTHENTICATED",
];

/** A call's status: `0` for OK, else its `Code`. */
export type StatusCode = Code | 0;

/** The gRPC name of a status (`"OK"`, `"NOT_FOUND"`, …), as the conventions want it: a string. */
export function statusName(code: StatusCode): string {
  return STATUS_NAMES[code] ?? "UNKNOWN";
}

/**
 * The codes that are the server's fault, the only ones that mark a server span as failed (the gRPC
 * conventions' list): a `NotFound` or `InvalidArgument` is the server doing its job.
 */
const SERVER_FAULTS: ReadonlySet<StatusCode> = new Set([Code.Unknown, Code.DeadlineExceeded, Code.Unimplemented, Code.Internal, Code.Unavailable, Code.DataLoss]);

/** Whether a call that ended with `code` failed, as seen from `side`: every non-OK on the client. */
export function isFailure(side: "client" | "server", code: StatusCode): boolean {
  return code !== 0 && (side === "client" || SERVER_FAULTS.has(code));
}

/**
 * The status a call ends with when `error` is thrown: an `RpcError`'s code; anything else is
 * `Internal` on the server (what the dispatcher sends for it) and `Unknown` on the client.
 */
export function statusOf(side: "client" | "server", error: unknown): StatusCode {
  if (error instanceof RpcError) return error.code;
  return side === "server" ? Code.Internal : RpcError.from(error).code;
}
