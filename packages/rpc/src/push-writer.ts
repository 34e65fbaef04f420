import { Code } from "./code.ts";
import { RpcError } from "./rpc-error.ts";
import type { ServerCall } from "./server-call.ts";
import type { ResponseWriter } from "./service-handlers.ts";

/**
 * Messages a push handler may send while a promise `send` returned is still pending. Flow control
 * is the handler's to honour; one that ignores it fails its call with `Internal` past this many
 * instead of queueing without bound (every queue has a limit).
 */
export const PUSH_AHEAD_LIMIT = 16;

/**
 * The `responses` of a push-style handler on a server without interceptors: each `send` encodes
 * and hands the message to the transport at once, returning the transport's pacing (`undefined`,
 * or a promise to await). One object per call, no promise per message — what makes push style
 * cheaper than a generator, whose every message is an `it.next()` promise and an await.
 */
export class CallWriter implements ResponseWriter<unknown> {
  /** Sends made while the last pacing promise was pending; -1 when none is. */
  #ahead = -1;

  constructor(private readonly call: ServerCall) {}

  send(message: unknown): Promise<void> | undefined {
    const call = this.call;
    if (call.closed) throw endedError(call);
    if (this.#ahead >= 0 && ++this.#ahead > PUSH_AHEAD_LIMIT) throw ignoredFlowControl(call);
    const output = call.method.output;
    const pacing = call.sendMessage(output, output.partialEncode === true && message != null ? message : output.create(message as never));
    if (pacing !== undefined && this.#ahead < 0) {
      this.#ahead = 0;
      void pacing.then(() => (this.#ahead = -1));
    }
    return pacing;
  }
}

/**
 * What `send` throws once the call has ended: the reason it ended (cancellation, deadline,
 * connection loss), or `Canceled` when it ended otherwise (a handler that sends after returning).
 */
export function endedError(call: ServerCall): RpcError {
  // `signal` makes the abort controller on first read; an ended call reads it once, here.
  const reason: unknown = call.signal.reason;
  return reason instanceof RpcError ? reason : new RpcError(Code.Canceled, "the call already ended");
}

/** Ends the call of a handler that kept sending without awaiting `send`'s promise, and returns the error to throw. */
export function ignoredFlowControl(call: ServerCall): RpcError {
  const error = new RpcError(Code.Internal, `the ${call.method.path} handler sent more than ${PUSH_AHEAD_LIMIT} messages without awaiting send()'s promise`);
  call.close(error);
  return error;
}
