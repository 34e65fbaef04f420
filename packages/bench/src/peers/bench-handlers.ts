/**
 * The `Bench` service's handlers as every Strand server of the suite runs them (the workers and
 * the unary profiling harness): echo returns its request, pump streams until told to stop or
 * aborted, chat echoes each message. {@link pushBenchHandlers} pumps push style instead.
 */
import type { BenchHandlers, Payload } from "../gen/bench.ts";

export const benchHandlers: BenchHandlers = {
  async echo(request) {
    return request;
  },
  async *pump(request, ctx) {
    const message: Payload = { data: new Uint8Array(request.size) };
    for (let sent = 0; request.count === 0 || sent < request.count; sent++) {
      if (ctx.signal.aborted) return;
      yield message;
    }
  },
  async *chat(requests) {
    for await (const request of requests) yield request;
  },
};

/**
 * The same service with `pump` push style (the `strand-push` peer, S3): one `send` per message,
 * awaiting only the promises flow control returns. A cancelled call ends it (`send` throws).
 */
export const pushBenchHandlers: BenchHandlers = {
  ...benchHandlers,
  pump: {
    async push(request, responses, ctx) {
      const message: Payload = { data: new Uint8Array(request.size) };
      for (let sent = 0; request.count === 0 || sent < request.count; sent++) {
        if (ctx.signal.aborted) return;
        const pacing = responses.send(message);
        if (pacing !== undefined) await pacing;
      }
    },
  },
};
