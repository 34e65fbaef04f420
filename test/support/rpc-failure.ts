import { RpcError } from "strand";

/**
 * Awaits a call that must fail and returns its `RpcError`; throws (failing the test) if it
 * succeeds or fails with anything else, so assertions can go straight to `code` and `message`.
 */
export async function rpcFailure(call: Promise<unknown>): Promise<RpcError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof RpcError) return error;
    throw new Error(`expected an RpcError, got ${String(error)}`, { cause: error });
  }
  throw new Error("expected the call to fail, but it succeeded");
}

/** Drains a streaming call and returns its `RpcError` (see {@link rpcFailure}). */
export async function streamFailure(stream: AsyncIterable<unknown>): Promise<RpcError> {
  return rpcFailure(
    (async () => {
      for await (const _ of stream);
    })(),
  );
}
