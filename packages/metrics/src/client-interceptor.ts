import { Code, type CallRequest, type CallResponse, type Interceptor } from "@strand/rpc";
import type { CallInstruments } from "./call-instruments.ts";
import { CallRecord } from "./call-record.ts";
import { countedStream } from "./counted-stream.ts";
import type { MethodLabelCache } from "./method-labels.ts";

/**
 * The client interceptor of `createMetrics`. Label values come from the descriptors the client
 * was created with (generated constants), so they are bounded by the services the program calls.
 * A streaming response's call ends with its stream: OK at its end, its error, or `CANCELLED` when
 * the caller leaves the loop early.
 */
export function metricsClientInterceptor(instruments: CallInstruments, labels: MethodLabelCache): Interceptor {
  return (next) => async (req: CallRequest): Promise<CallResponse> => {
    const record = new CallRecord(instruments, labels.of(req.method), Code.Unknown);
    // Replaced in place, as the interceptor contract allows: the request keeps its other fields.
    if (req.stream) req.messages = countedStream(req.messages, record, { onMessage: () => record.sent(), endsCall: false });
    else record.sent();
    let res: CallResponse;
    try {
      res = await next(req);
    } catch (error) {
      record.end(error);
      throw error;
    }
    if (!res.stream) {
      record.received();
      record.end(undefined);
      return res;
    }
    res.messages = countedStream(res.messages, record, { onMessage: () => record.received(), endsCall: true });
    return res;
  };
}
