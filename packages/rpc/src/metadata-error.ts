/**
 * The error {@link Metadata} throws for an invalid name or value: an `InvalidArgument` `RpcError`.
 *
 * Metadata sits below `RpcError` (every `RpcError` carries a `Metadata`, so rpc-error.ts imports
 * metadata.ts at run time), and an import back from metadata.ts would close a run-time cycle in
 * which module evaluation order decides whether a top-level use of either class works. So
 * metadata.ts asks this module for its errors, and rpc-error.ts, when it loads, installs the
 * factory that makes them `RpcError`s. Anyone who can tell an `RpcError` apart has loaded
 * rpc-error.ts, so to them every metadata error is one; metadata used with no `RpcError` loaded at
 * all rejects the same input with a `TypeError` carrying the same message.
 *
 * @module
 */
import type { Metadata } from "./metadata.ts";

/** Makes the error for an invalid metadata name or value from its message. */
export type MetadataErrorFactory = (message: string) => Error;

let factory: MetadataErrorFactory = (message) => new TypeError(message);

/** The error to throw for an invalid metadata name or value (see the module comment for its type). */
export function metadataError(message: string): Error {
  return factory(message);
}

/** Installs the factory of {@link metadataError}; rpc-error.ts calls it once, when it loads. */
export function setMetadataErrorFactory(make: MetadataErrorFactory): void {
  factory = make;
}
