/**
 * What the Strand workers of the instrumented peers install, from their trailing flags (see
 * `INSTRUMENTED_PEERS` in `orchestrator/peers.ts`): `--otel` installs the OpenTelemetry SDK
 * (`otel-sdk.ts`) and `@strand/otel`'s interceptors, `--metrics` installs `@strand/metrics`
 * scraped once a second (`prometheus.ts`), and both flags install both — metrics first, as
 * `@strand/metrics` asks, so its handling time covers the tracing interceptor too. Each module is
 * imported only when its flag asks for it, so plain Strand's processes load none of it.
 */
import type { Metrics } from "@strand/metrics";
import type { Channel, Interceptor, Server, ServerInterceptor } from "strand";

/** A server worker's instrumentation: empty for plain Strand. */
export interface ServerInstrumentation {
  /** For `createServer({ interceptors })`. */
  readonly interceptors: ServerInterceptor[];
  /** Reports the server's connection figures at every scrape (`metrics.watch`); a no-op without `--metrics`. */
  watch(server: Server): void;
}

/** A client worker's instrumentation: empty for plain Strand. */
export interface ClientInstrumentation {
  /** For `createClient(…, { interceptors })`. */
  readonly interceptors: Interceptor[];
  /** Reports a channel's state at every scrape until the returned function is called; a no-op without `--metrics`. */
  watch(channel: Channel): () => void;
}

type OtelModule = typeof import("@strand/otel");

async function metricsFor(flags: readonly string[]): Promise<Metrics | undefined> {
  if (!flags.includes("--metrics")) return undefined;
  const { installMetrics } = await import("./prometheus.ts");
  return installMetrics();
}

async function otelFor(flags: readonly string[]): Promise<OtelModule | undefined> {
  if (!flags.includes("--otel")) return undefined;
  const [{ installOtel }, otel] = await Promise.all([import("./otel-sdk.ts"), import("@strand/otel")]);
  installOtel();
  return otel;
}

/** The server side of the flags: interceptors in order, and what watches the server. */
export async function serverInstrumentation(flags: readonly string[]): Promise<ServerInstrumentation> {
  const [metrics, otel] = await Promise.all([metricsFor(flags), otelFor(flags)]);
  const interceptors: ServerInterceptor[] = [];
  if (metrics !== undefined) interceptors.push(metrics.serverInterceptor);
  if (otel !== undefined) interceptors.push(otel.otelServerInterceptor({ trustIncomingContext: true }));
  return { interceptors, watch: (server) => void metrics?.watch(server) };
}

/** The client side of the flags: interceptors in order, and what watches each channel. */
export async function clientInstrumentation(flags: readonly string[]): Promise<ClientInstrumentation> {
  const [metrics, otel] = await Promise.all([metricsFor(flags), otelFor(flags)]);
  const interceptors: Interceptor[] = [];
  if (metrics !== undefined) interceptors.push(metrics.clientInterceptor);
  if (otel !== undefined) interceptors.push(otel.otelClientInterceptor());
  return { interceptors, watch: (channel) => metrics?.watch(channel) ?? (() => {}) };
}
