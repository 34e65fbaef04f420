import type { ServerCall } from "./server-call.ts";
import type { ResponseWriter } from "./service-handlers.ts";
import { endedError, ignoredFlowControl, PUSH_AHEAD_LIMIT } from "./push-writer.ts";

/** Messages a push handler may send ahead of an interceptor chain that has not pulled them yet. */
export const PUSH_QUEUE_LIMIT = 16;

/** A push-style handler as a route holds it (`{ push }`, bound): input, responses, ctx. */
export type PushFn = (input: unknown, responses: ResponseWriter<unknown>, ctx: ServerCall) => unknown;

/**
 * A push-style handler as the async iterable server interceptors wrap (they see a streaming
 * response's `messages` whatever style produced them). The handler starts on the first `next()`,
 * as a generator's body would; its sends wait in a queue of at most {@link PUSH_QUEUE_LIMIT}
 * messages, beyond which `send` returns a promise that resolves once the chain pulled one — so
 * flow control reaches the handler as it does without interceptors (and a handler that ignores it
 * fails past {@link PUSH_AHEAD_LIMIT} more). `return()` (the call ended, or an interceptor stopped
 * early) makes every later `send` throw the call's error.
 */
export class PushedResponses implements AsyncIterable<unknown>, AsyncIterator<unknown>, ResponseWriter<unknown> {
  #queue: unknown[] = [];
  #started = false;
  #stopped = false;
  /** The handler returned (`true`) or threw (`{ error }`); `false` while it runs. */
  #ended: boolean | { readonly error: unknown } = false;
  /** The chain waits for a message or the handler's end. */
  #reader: (() => void) | undefined;
  /** The handler waits for room in the queue: one promise for every send that found it full. */
  #room: Promise<void> | undefined;
  #writer: (() => void) | undefined;

  constructor(
    private readonly handler: PushFn,
    private readonly input: unknown,
    private readonly call: ServerCall,
  ) {}

  [Symbol.asyncIterator](): AsyncIterator<unknown> {
    return this;
  }

  send(message: unknown): Promise<void> | undefined {
    if (this.#stopped || this.call.closed) throw endedError(this.call);
    if (this.#queue.length >= PUSH_QUEUE_LIMIT + PUSH_AHEAD_LIMIT) throw ignoredFlowControl(this.call);
    this.#queue.push(message);
    this.#wakeReader();
    if (this.#queue.length < PUSH_QUEUE_LIMIT) return undefined;
    return (this.#room ??= new Promise((resolve) => (this.#writer = resolve)));
  }

  async next(): Promise<IteratorResult<unknown>> {
    if (!this.#started) this.#start();
    for (;;) {
      if (this.#queue.length > 0) {
        const value = this.#queue.shift();
        if (this.#queue.length < PUSH_QUEUE_LIMIT) this.#wakeWriter();
        return { done: false, value };
      }
      const ended = this.#ended;
      if (ended === true) return { done: true, value: undefined };
      if (ended !== false) throw ended.error;
      await new Promise<void>((resolve) => (this.#reader = resolve));
    }
  }

  async return(): Promise<IteratorResult<unknown>> {
    this.#stopped = true;
    this.#queue = [];
    this.#wakeWriter();
    return { done: true, value: undefined };
  }

  #start(): void {
    this.#started = true;
    let result: unknown;
    try {
      result = this.handler(this.input, this, this.call);
    } catch (error) {
      return this.#end({ error });
    }
    Promise.resolve(result).then(
      () => this.#end(true),
      (error: unknown) => this.#end({ error }),
    );
  }

  #end(how: true | { readonly error: unknown }): void {
    this.#ended = how;
    this.#wakeReader();
  }

  #wakeReader(): void {
    const reader = this.#reader;
    this.#reader = undefined;
    reader?.();
  }

  #wakeWriter(): void {
    const writer = this.#writer;
    this.#writer = this.#room = undefined;
    writer?.();
  }
}
