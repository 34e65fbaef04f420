import { Code, RpcError, type ServerInterceptor, type ServerRequest, type ServerResponse, whenStreamEnds } from "@strand/rpc";
import type { CallInstruments } from "./call-instruments.ts";
import { CallRecord } from "./call-record.ts";
import { countedStream } from "./counted-stream.ts";
import type { MethodLabelCache } from "./method-labels.ts";

/**
 * The server interceptor of `createMetrics`. It sees only methods the router matched (calls to
 * unknown methods are answered `UNIMPLEMENTED` before interceptors run), so label values are
 * bounded by the registered services. A handler's non-`RpcError` failure counts as `INTERNAL`,
 * which is what the client receives.
 */
export function metricsServerInterceptor(instruments: CallInstruments, labels: MethodLabelCache): ServerInterceptor {
  return (next) => async (req: ServerRequest): Promise<ServerResponse> => {
    const record = new CallRecord(instruments, labels.of(req.method), Code.Internal);
    // A streaming call the transport abandons (client cancel, deadline, connection loss) may never
    // pull its response stream to the end: the call's signal ends the record then.
    const signal = req.ctx.signal;
    const onAbort = (): void => record.end(signal.reason instanceof RpcError ? signal.reason : new RpcError(Code.Canceled, "call canceled"));
    signal.addEventListener("abort", onAbort, { once: true });
    const done = (error: unknown): void => {
      signal.removeEventListener("abort", onAbort);
      record.end(error);
    };
    // Replaced in place, as the interceptor contract allows: the request keeps its other fields.
    if (req.stream) req.messages = countedStream(req.messages, record, { onMessage: () => record.received(), endsCall: false });
    else record.received();
    let res: ServerResponse;
    try {
      res = await next(req);
    } catch (error) {
      done(error);
      throw error;
    }
    if (!res.stream) {
      record.sent();
      done(undefined);
      return res;
    }
    const hooks = { onMessage: () => record.sent(), endsCall: false };
    res.messages = whenStreamEnds(countedStream(res.messages, record, hooks), done);
    return res;
  };
}
