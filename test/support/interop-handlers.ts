import { RpcError, type HandlerContext, type ServiceHandlers } from "strand";
import { payloadOf, type InteropRequest } from "./interop-messages.ts";
import type { InteropService } from "./interop-service.ts";
import { aborted, sleep } from "./sleep.ts";

/** Request header echoed back as a response header (interop custom_metadata). */
export const ECHO_INITIAL = "x-grpc-test-echo-initial";
/** Request header echoed back as a trailer (interop custom_metadata). */
export const ECHO_TRAILING = "x-grpc-test-echo-trailing-bin";

/** What the server observed, for the cancellation cases to assert on. */
export class ServerProbe {
  /** Calls whose handler started, by method name. */
  readonly started: string[] = [];
  /** Why each handler's `ctx.signal` aborted (only calls that were cancelled). */
  readonly cancellations: RpcError[] = [];
  private readonly waiters: (() => void)[] = [];

  /** Records the call and arranges for its cancellation to be recorded. */
  enter(name: string, ctx: HandlerContext): void {
    this.started.push(name);
    void aborted(ctx.signal).then((reason) => {
      this.cancellations.push(reason);
      for (const w of this.waiters.splice(0)) w();
    });
  }

  /** Resolves once `n` handler signals have aborted. */
  async cancelled(n = 1): Promise<RpcError[]> {
    while (this.cancellations.length < n) await new Promise<void>((r) => this.waiters.push(r));
    return this.cancellations;
  }
}

function echoMetadata(ctx: HandlerContext): void {
  const initial = ctx.metadata.get(ECHO_INITIAL);
  if (initial !== undefined) ctx.setHeader(ECHO_INITIAL, initial);
  const trailing = ctx.metadata.getBinary(ECHO_TRAILING);
  if (trailing !== undefined) ctx.setTrailer(ECHO_TRAILING, trailing);
}

function failIfAsked(req: InteropRequest): void {
  if (req.responseStatus !== undefined && req.responseStatus.code !== 0) throw new RpcError(req.responseStatus.code, req.responseStatus.message);
}

/** The interop server's handlers (gRPC interop-test semantics), reporting to `probe`. */
export function interopHandlers(probe = new ServerProbe()): Omit<ServiceHandlers<typeof InteropService>, "unimplementedCall"> {
  return {
    async emptyCall(_req, ctx) {
      probe.enter("emptyCall", ctx);
      return {};
    },
    async unaryCall(req, ctx) {
      probe.enter("unaryCall", ctx);
      echoMetadata(ctx);
      if (req.sleepMs > 0) await sleep(req.sleepMs, ctx.signal);
      failIfAsked(req);
      return { payload: payloadOf(req.responseSize) };
    },
    async *streamingOutputCall(req, ctx) {
      probe.enter("streamingOutputCall", ctx);
      echoMetadata(ctx);
      for (const p of req.responseParameters) {
        if (p.intervalMs > 0) await sleep(p.intervalMs, ctx.signal);
        yield { payload: payloadOf(p.size) };
      }
      failIfAsked(req);
    },
    async streamingInputCall(reqs, ctx) {
      probe.enter("streamingInputCall", ctx);
      echoMetadata(ctx);
      let aggregatedPayloadSize = 0;
      for await (const r of reqs) aggregatedPayloadSize += r.payload.length;
      return { aggregatedPayloadSize };
    },
    async *fullDuplexCall(reqs, ctx) {
      probe.enter("fullDuplexCall", ctx);
      echoMetadata(ctx);
      for await (const r of reqs) {
        failIfAsked(r);
        for (const p of r.responseParameters) {
          if (p.intervalMs > 0) await sleep(p.intervalMs, ctx.signal);
          yield { payload: payloadOf(p.size) };
        }
      }
    },
  };
}
