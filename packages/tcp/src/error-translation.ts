import { Code, RpcError } from "@strand/rpc/client";
import { ErrorCode, errorCodeName, WireError, type GoAway } from "@strand/wire";

/**
 * The one place where transport failures become RPC statuses (ARCHITECTURE.md §1): wire protocol
 * errors, and Bun socket errors such as ECONNREFUSED.
 */
export function rpcErrorFromWire(error: WireError): RpcError {
  const code = codeForWire(error);
  return new RpcError(code, messageFor(code, error), { cause: error });
}

/** The status message: the wire's reason, except where a reset by the peer carries none worth reading. */
function messageFor(code: Code, error: WireError): string {
  if (code === Code.Canceled) return "the call was cancelled by the peer";
  if (error.code === ErrorCode.UnsupportedCompression && error.initiator === "remote") {
    return "the peer does not accept the compression algorithm of a message sent to it (UNSUPPORTED_COMPRESSION)";
  }
  return error.reason;
}

/** True when the peer provably never processed the stream, so it may be retried elsewhere. */
export function isNotProcessed(error: WireError): boolean {
  return error.code === ErrorCode.RefusedStream;
}

function codeForWire(error: WireError): Code {
  switch (error.code) {
    case ErrorCode.RefusedStream:
    case ErrorCode.ConnectionLost:
    case ErrorCode.KeepaliveTimeout:
    case ErrorCode.SettingsTimeout:
    case ErrorCode.NoError:
    // The peer does not speak (this version of) Strand — a TLS server reached in plaintext, say:
    // nothing was processed, so the address is unavailable rather than the call broken.
    case ErrorCode.BadPreface:
    case ErrorCode.UnsupportedVersion:
      return Code.Unavailable;
    case ErrorCode.Cancel:
      return error.scope === "connection" ? Code.Unavailable : Code.Canceled;
    case ErrorCode.DeadlineExceeded:
      return Code.DeadlineExceeded;
    case ErrorCode.MessageTooLarge:
    case ErrorCode.HeadersTooLarge:
    case ErrorCode.EnhanceYourCalm:
      return Code.ResourceExhausted;
    // gRPC's answer to a grpc-encoding the server does not support.
    case ErrorCode.UnsupportedCompression:
      return Code.Unimplemented;
    case ErrorCode.ProtocolError:
    case ErrorCode.InternalError:
    case ErrorCode.FlowControlError:
    case ErrorCode.StreamClosed:
    case ErrorCode.FrameSizeError:
      return Code.Internal;
  }
}

/** A failed `Bun.connect` (refused, unreachable, TLS handshake, timeout) as `Unavailable`. */
export function rpcErrorFromConnect(cause: unknown, target: string): RpcError {
  const reason = cause instanceof Error ? (("code" in cause && typeof cause.code === "string" ? `${cause.code}: ` : "") + cause.message) : String(cause);
  return new RpcError(Code.Unavailable, `cannot connect to ${target}: ${reason}`, { cause });
}

/**
 * A connection the server turned away (GOAWAY with last stream 0 and an error code, e.g. at its
 * connection limit) as `Unavailable` with the server's reason: it is a failed connect, not a call
 * that went wrong.
 */
export function rpcErrorFromRefusal(goAway: GoAway, target: string): RpcError {
  return new RpcError(Code.Unavailable, `cannot connect to ${target}: the server refused the connection (${errorCodeName(goAway.code)}): ${goAway.reason}`);
}

/** Anything thrown while opening a stream (a WireError, normally) as an RPC error. */
export function rpcErrorFrom(error: unknown): RpcError {
  return error instanceof WireError ? rpcErrorFromWire(error) : RpcError.from(error, Code.Internal);
}
