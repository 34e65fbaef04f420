import { Code } from "./code.ts";
import { RpcError } from "./rpc-error.ts";

/**
 * Size limits shared by client and server options (ARCHITECTURE.md §4). Kept in one place so both
 * sides default and verify them identically.
 */
export interface Limits {
  /**
   * Largest message this side accepts, in bytes (after the wire reassembled it). A larger message
   * fails the call with `ResourceExhausted`. Default: 4 MiB (4,194,304), as in gRPC.
   */
  readonly maxReceiveMessageBytes: number;
  /**
   * Soft metadata limit: the largest header block (request head, response headers or trailers) this
   * side sends, in bytes. Sending more fails locally with `ResourceExhausted`, before anything
   * reaches the network. Default: 8 KiB (8,192), gRPC core's soft limit.
   */
  readonly metadataSoftLimitBytes: number;
  /**
   * Hard metadata limit: the largest header block this side accepts, in bytes; larger blocks fail
   * the call with `ResourceExhausted`. The gap to the soft limit tolerates peers configured more
   * generously. Default: 16 KiB (16,384), gRPC core's hard limit.
   */
  readonly metadataHardLimitBytes: number;
}

/** The defaults of {@link Limits}. */
export const defaultLimits: Limits = {
  maxReceiveMessageBytes: 4 * 1024 * 1024,
  metadataSoftLimitBytes: 8 * 1024,
  metadataHardLimitBytes: 16 * 1024,
};

/** Throws `InvalidArgument` on a limit that is not a positive integer or a soft limit above the hard one. */
export function verifyLimits(limits: Limits): void {
  positiveInteger("maxReceiveMessageBytes", limits.maxReceiveMessageBytes);
  positiveInteger("metadataSoftLimitBytes", limits.metadataSoftLimitBytes);
  positiveInteger("metadataHardLimitBytes", limits.metadataHardLimitBytes);
  if (limits.metadataSoftLimitBytes > limits.metadataHardLimitBytes) {
    throw new RpcError(Code.InvalidArgument, "metadataSoftLimitBytes must not exceed metadataHardLimitBytes");
  }
}

/** Throws `InvalidArgument` unless `value` is an integer ≥ 1 (shared by the options verifiers). */
export function positiveInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RpcError(Code.InvalidArgument, `${name} must be a positive integer, got ${String(value)}`);
  }
}

/** Throws `InvalidArgument` unless `value` is an integer ≥ 0. */
export function nonNegativeInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RpcError(Code.InvalidArgument, `${name} must be a non-negative integer, got ${String(value)}`);
  }
}
