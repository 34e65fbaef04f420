import type { HandlerContext, ServiceHandlers } from "strand";
import { AbuseService, decodeSize } from "../shared/abuse-service.ts";
import type { StatsRequest } from "../shared/server-stats.ts";
import type { HandlerCensus } from "./handler-census.ts";
import type { StatsCollector } from "./stats-collector.ts";

const utf8 = new TextEncoder();
/** `download` answers with at most this many bytes (the default message limit). */
const MAX_DOWNLOAD = 4 * 1024 * 1024;

/** Resolves after `ms`, or as soon as `signal` aborts. */
function sleepOrAbort(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done);
  });
}

/**
 * The handlers of {@link AbuseService}. Every one but `stats` is counted by the census while it
 * runs, keyed by its connection, so the suite sees how many run at once per connection.
 */
export function abuseHandlers(census: HandlerCensus, collector: StatsCollector): ServiceHandlers<typeof AbuseService> {
  const counted = async <T>(ctx: HandlerContext, body: () => Promise<T>): Promise<T> => {
    const peer = ctx.peer;
    census.enter(peer);
    try {
      return await body();
    } finally {
      census.leave(peer);
    }
  };
  return {
    echo: (request, ctx) => counted(ctx, async () => request),
    slow: (request, ctx) =>
      counted(ctx, async () => {
        await sleepOrAbort(decodeSize(request, 1000), ctx.signal);
        return request;
      }),
    stubborn: (request, ctx) =>
      counted(ctx, async () => {
        await Bun.sleep(decodeSize(request, 1000)); // ignores ctx.signal on purpose
        return request;
      }),
    async *neverRead(_requests, ctx) {
      // Never iterates its input: only flow control stops a sender from filling the server.
      await counted(ctx, () => sleepOrAbort(2 ** 31 - 1, ctx.signal));
    },
    download: (request, ctx) => counted(ctx, async () => new Uint8Array(Math.min(MAX_DOWNLOAD, decodeSize(request, 0)))),
    stats: (request) => utf8.encode(JSON.stringify(collector.collect(JSON.parse(new TextDecoder().decode(request)) as StatsRequest))),
  };
}
