import { Code } from "./code.ts";
import { RpcError } from "./rpc-error.ts";

/**
 * `messages`, calling `done` once when the stream is over: `undefined` after its last message,
 * the error it failed with, or `Canceled` when its reader stops early (a client leaving its loop,
 * the dispatcher abandoning a response stream). Interceptors that observe calls (metrics, admin
 * pages) wrap a streaming response with it, so a call counts as ended when its stream does.
 */
export async function* whenStreamEnds<T>(messages: AsyncIterable<T>, done: (error: unknown) => void): AsyncIterable<T> {
  let error: unknown;
  let ok = false;
  try {
    yield* messages;
    ok = true;
  } catch (e) {
    error = e;
    throw e;
  } finally {
    done(ok ? undefined : (error ?? new RpcError(Code.Canceled, "the response stream was abandoned")));
  }
}
