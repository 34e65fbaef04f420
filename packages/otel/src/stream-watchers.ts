import { context, type Context } from "@opentelemetry/api";
import { Code, RpcError } from "@strand/rpc/client";
import type { HandlerContext } from "@strand/rpc";
import type { CallRecord } from "./call-record.ts";

/**
 * The iterables the interceptors hand on in place of a call's message streams, so that a
 * streaming call's span ends when its stream does (not when its headers arrive) and, server side,
 * so that the handler's generator runs with the server span active: the dispatcher pulls it from
 * outside the interceptor, where OpenTelemetry's context would otherwise be lost.
 */

/** The reason a server call is over before its handler finished (cancel, deadline, connection loss), if it is. */
export function abortReason(ctx: HandlerContext): unknown {
  const signal = ctx.signal;
  return signal.aborted ? (signal.reason ?? new RpcError(Code.Canceled, "call canceled")) : undefined;
}

/** A client's response stream: ends the record at its end, on its error, or when the caller stops reading (`CANCELLED`). */
export function watchClientResponses<T>(messages: AsyncIterable<T>, record: CallRecord): AsyncIterable<T> {
  return { [Symbol.asyncIterator]: () => new ClientResponseIterator(messages[Symbol.asyncIterator](), record) };
}

class ClientResponseIterator<T> implements AsyncIterator<T> {
  // Bound once per stream: one promise per message, no closure per message.
  readonly #onResult = (result: IteratorResult<T>): IteratorResult<T> => {
    if (result.done === true) this.record.end(undefined);
    else this.record.received();
    return result;
  };
  readonly #onError = (error: unknown): never => {
    this.record.end(error);
    throw error;
  };

  constructor(
    private readonly inner: AsyncIterator<T>,
    private readonly record: CallRecord,
  ) {}

  next(): Promise<IteratorResult<T>> {
    return this.inner.next().then(this.#onResult, this.#onError);
  }

  async return(value?: unknown): Promise<IteratorResult<T>> {
    // The client layer cancels the call when its caller leaves the loop: the span says so.
    this.record.end(new RpcError(Code.Canceled, "call canceled: the client stopped reading"));
    return (await this.inner.return?.(value)) ?? { done: true, value: undefined };
  }
}

/**
 * A handler's response stream: every pull runs inside `active` (the server span's context), the
 * record ends with the stream — OK, the handler's error, or the reason the dispatcher abandoned it.
 */
export function watchServerResponses<T>(messages: AsyncIterable<T>, active: Context, record: CallRecord, ctx: HandlerContext): AsyncIterable<T> {
  return { [Symbol.asyncIterator]: () => new ServerResponseIterator(messages, active, record, ctx) };
}

class ServerResponseIterator<T> implements AsyncIterator<T> {
  #inner: AsyncIterator<T> | undefined;
  readonly #onResult = (result: IteratorResult<T>): IteratorResult<T> => {
    if (result.done === true) this.record.end(abortReason(this.ctx));
    else this.record.sent();
    return result;
  };
  readonly #onError = (error: unknown): never => {
    this.record.end(error);
    throw error;
  };

  constructor(
    private readonly messages: AsyncIterable<T>,
    private readonly active: Context,
    private readonly record: CallRecord,
    private readonly ctx: HandlerContext,
  ) {}

  next(): Promise<IteratorResult<T>> {
    let pending: Promise<IteratorResult<T>>;
    try {
      pending = context.with(this.active, this.#pull, this);
    } catch (error) {
      this.record.end(error);
      return Promise.reject(error);
    }
    return pending.then(this.#onResult, this.#onError);
  }

  async return(value?: unknown): Promise<IteratorResult<T>> {
    // Only called when the call ended under the stream (client cancel, deadline, shutdown).
    this.record.end(abortReason(this.ctx) ?? new RpcError(Code.Canceled, "call canceled"));
    const inner = this.#inner;
    if (inner?.return === undefined) return { done: true, value: undefined };
    return context.with(this.active, inner.return, inner, value);
  }

  #pull(): Promise<IteratorResult<T>> {
    // The iterator is made here, inside the span's context, in case making it runs user code.
    this.#inner ??= this.messages[Symbol.asyncIterator]();
    return this.#inner.next();
  }
}

/** A request stream that reports each message as it is taken (`messageEvents` only). */
export async function* countMessages<T>(messages: AsyncIterable<T>, onMessage: () => void): AsyncGenerator<T> {
  for await (const message of messages) {
    onMessage();
    yield message;
  }
}
