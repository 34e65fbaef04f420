import { Code, createClient, RpcError } from "@strand/rpc";
import { Backoff, type BackoffOptions, type ReadinessCheck } from "@strand/tcp";
import type { Transport } from "@strand/rpc";
import { Health, HealthCheckResponse_ServingStatus as ServingStatus } from "../gen/grpc/health/v1/health.ts";

/** What {@link healthReadiness} needs besides the service name. */
export interface HealthCheckSettings {
  /** The service whose status counts (`""`: the server as a whole). */
  readonly service: string;
  /** Backoff between failed Watch attempts (the channel's reconnect backoff). */
  readonly backoff: BackoffOptions;
  readonly random?: (() => number) | undefined;
  /** Called (once per channel is enough) when a server does not implement the health service. */
  readonly onUnimplemented: () => void;
}

/**
 * gRPC's client-side health checking (A17) as a channel readiness check: every connection runs
 * `grpc.health.v1.Health/Watch` for the service on itself, and takes calls only while the last
 * status was SERVING (NOT_SERVING, UNKNOWN and SERVICE_UNKNOWN all keep calls away).
 *
 * - A server without the health service (`Unimplemented`): its connections count as serving,
 *   as in gRPC, and the check stops.
 * - The Watch stream ending or failing otherwise (a draining server ends it, a server error,
 *   the stream reset): the connection counts as not serving until a new Watch reports, which is
 *   opened at once if the ended stream had answered, else after the backoff.
 */
export function healthReadiness(settings: HealthCheckSettings): ReadinessCheck {
  return (connection, report, signal) => {
    void watch(connection, settings, report, signal);
  };
}

async function watch(connection: Transport, settings: HealthCheckSettings, report: (serving: boolean) => void, signal: AbortSignal): Promise<void> {
  // The health stream is the connection's own business: never retried on another one.
  const client = createClient(Health, connection, { maxTransparentRetries: 0 });
  const backoff = new Backoff(settings.backoff, settings.random);
  while (!signal.aborted) {
    let answered = false;
    try {
      for await (const response of client.watch({ service: settings.service }, { signal })) {
        answered = true;
        report(response.status === ServingStatus.SERVING);
      }
    } catch (error) {
      if (signal.aborted) return;
      if (error instanceof RpcError && error.code === Code.Unimplemented) {
        settings.onUnimplemented();
        report(true);
        return;
      }
    }
    if (signal.aborted) return;
    report(false);
    if (answered) backoff.reset();
    else await sleep(backoff.next(), signal);
  }
}

/** Resolves after `ms` or when `signal` aborts; never keeps the process alive. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    timer.unref?.();
    signal.addEventListener("abort", done, { once: true });
  });
}
