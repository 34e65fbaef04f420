import { Code, RpcError } from "@strand/rpc";

/**
 * gRPC's spelling of each status (`OK`, `NOT_FOUND`, …) for the `code` label: dashboards and
 * alerts written for go-grpc-prometheus and grpc-java work unchanged, which Connect-ES's spelling
 * (`NotFound`) would break.
 */
const NAMES: Readonly<Record<Code, string>> = {
  [Code.Canceled]: "CANCELLED",
  [Code.Unknown]: "UNKNOWN",
  [Code.InvalidArgument]: "INVALID_ARGUMENT",
  [Code.DeadlineExceeded]: "DEADLINE_EXCEEDED",
  [Code.NotFound]: "NOT_FOUND",
  [Code.AlreadyExists]: "ALREADY_EXISTS",
  [Code.PermissionDenied]: "PERMISSION_DENIED",
  [Code.ResourceExhausted]: "RESOURCE_EXHAUSTED",
  [Code.FailedPrecondition]: "FAILED_PRECONDITION",
  [Code.Aborted]: "ABORTED",
  [Code.OutOfRange]: "OUT_OF_RANGE",
  [Code.Unimplemented]: "UNIMPLEMENTED",
  [Code.Internal]: "INTERNAL",
  [Code.Unavailable]: "UNAVAILABLE",
  [Code.DataLoss]: "DATA_LOSS",
  [Code.Unauthenticated]: "UNAUTHENTICATED",
};

/**
 * The `code` label of a call that ended with `error` (`undefined`: success). A non-`RpcError` is
 * labelled with `fallback`: the server reports those as `INTERNAL` (what the client receives), the
 * client as `UNKNOWN`.
 */
export function statusLabel(error: unknown, fallback: Code): string {
  if (error === undefined) return "OK";
  const code = error instanceof RpcError ? error.code : fallback;
  return NAMES[code] ?? "UNKNOWN";
}
