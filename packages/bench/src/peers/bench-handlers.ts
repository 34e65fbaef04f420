/**
 * The `Bench` service's handlers as every Strand server of the suite runs them (the workers and
 * the unary profiling harness): echo returns its request, pump streams until told to stop or
 * aborted, chat echoes each message.
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
