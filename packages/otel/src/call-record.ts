import { context, SpanStatusCode, type Context, type Histogram, type Span } from "@opentelemetry/api";
import { RpcError } from "@strand/rpc/client";
import type { MethodAttributes } from "./method-attributes.ts";
import { ATTR_ERROR_TYPE, ATTR_RPC_MESSAGE_ID, ATTR_RPC_MESSAGE_TYPE, ATTR_RPC_STATUS_CODE, EVENT_RPC_MESSAGE } from "./semconv.ts";
import { isFailure, statusName, statusOf } from "./status.ts";

/** Wall-clock time in ms since the epoch, sub-millisecond: one clock for the span and the histogram. */
export function now(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * One call's span and duration measurement. Whichever way the call ends — response, error, end
 * or abandonment of a stream — {@link end} runs once: it sets the status attributes, ends the span
 * at the same instant the histogram measures to, so the two durations are equal, as the
 * conventions ask.
 */
export class CallRecord {
  #ended = false;
  #sent = 0;
  #received = 0;

  constructor(
    readonly span: Span,
    private readonly side: "client" | "server",
    private readonly startedAt: number,
    private readonly attributes: MethodAttributes,
    private readonly duration: Histogram,
    /** `messageEvents`: whether {@link sent} and {@link received} add span events. */
    private readonly events: boolean,
  ) {}

  /**
   * Runs the rest of the chain (`next(req)`) with `active` (this call's span) as the current
   * context, so the calls it makes continue the trace; a synchronous throw ends the call with it.
   */
  within<Req, Res>(active: Context, next: (req: Req) => Promise<Res>, req: Req): Promise<Res> {
    try {
      return context.with(active, next, undefined, req);
    } catch (error) {
      this.end(error);
      return Promise.reject(error);
    }
  }

  /** A streamed message went out. */
  sent(): void {
    if (this.events && !this.#ended) this.span.addEvent(EVENT_RPC_MESSAGE, { [ATTR_RPC_MESSAGE_TYPE]: "SENT", [ATTR_RPC_MESSAGE_ID]: ++this.#sent });
  }

  /** A streamed message came in. */
  received(): void {
    if (this.events && !this.#ended) this.span.addEvent(EVENT_RPC_MESSAGE, { [ATTR_RPC_MESSAGE_TYPE]: "RECEIVED", [ATTR_RPC_MESSAGE_ID]: ++this.#received });
  }

  /** Ends the call: OK when `error` is `undefined`, else the status it stands for. Idempotent. */
  end(error: unknown): void {
    if (this.#ended) return;
    this.#ended = true;
    const endedAt = now();
    const code = error === undefined ? 0 : statusOf(this.side, error);
    const span = this.span;
    const name = statusName(code);
    span.setAttribute(ATTR_RPC_STATUS_CODE, name);
    if (isFailure(this.side, code)) {
      span.setAttribute(ATTR_ERROR_TYPE, name);
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      // A server's unexpected exception (not an RpcError) is a bug: keep its stack with the span.
      if (this.side === "server" && !(error instanceof RpcError) && error instanceof Error) span.recordException(error, endedAt);
    }
    span.end(endedAt);
    this.duration.record((endedAt - this.startedAt) / 1000, this.attributes.ended(code));
  }
}
