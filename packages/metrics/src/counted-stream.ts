import { Code, RpcError } from "@strand/rpc";
import type { CallRecord } from "./call-record.ts";

/** What the wrapped stream does besides passing messages on. */
export interface StreamHooks {
  /** Called per message pulled through. */
  readonly onMessage: () => void;
  /**
   * The record ends with the stream: `true` for response streams (the call is over when they are),
   * `false` for request streams (the response decides how the call ends).
   */
  readonly endsCall: boolean;
}

/**
 * A message stream that counts what passes through it and, for response streams, ends the call's
 * record when the stream ends (OK), fails (its error) or its reader leaves early (`CANCELLED`):
 * a streaming call is not over when its headers arrive, so its time and code come from here.
 */
export function countedStream<T>(messages: AsyncIterable<T>, record: CallRecord, hooks: StreamHooks): AsyncIterable<T> {
  return { [Symbol.asyncIterator]: () => new CountedIterator(messages[Symbol.asyncIterator](), record, hooks) };
}

class CountedIterator<T> implements AsyncIterator<T> {
  // Bound once per stream: one promise per message, no closure per message.
  readonly #onResult = (result: IteratorResult<T>): IteratorResult<T> => {
    if (result.done === true) {
      if (this.hooks.endsCall) this.record.end(undefined);
    } else this.hooks.onMessage();
    return result;
  };
  readonly #onError = (error: unknown): never => {
    if (this.hooks.endsCall) this.record.end(error);
    throw error;
  };

  constructor(
    private readonly inner: AsyncIterator<T>,
    private readonly record: CallRecord,
    private readonly hooks: StreamHooks,
  ) {}

  next(): Promise<IteratorResult<T>> {
    return this.inner.next().then(this.#onResult, this.#onError);
  }

  async return(value?: unknown): Promise<IteratorResult<T>> {
    if (this.hooks.endsCall) this.record.end(new RpcError(Code.Canceled, "the reader stopped before the stream ended"));
    return (await this.inner.return?.(value)) ?? { done: true, value: undefined };
  }

  async throw(error?: unknown): Promise<IteratorResult<T>> {
    if (this.hooks.endsCall) this.record.end(error);
    if (this.inner.throw !== undefined) return this.inner.throw(error);
    throw error;
  }
}
