import { createChannel as createTransportChannel, verifyBackoff, type Channel, type ChannelOptions as TransportChannelOptions } from "@strand/tcp";
import { healthReadiness } from "./health/health-check.ts";

/** Options of {@link createChannel}: the transport's, plus client-side health checking. */
export interface ChannelOptions extends TransportChannelOptions {
  /**
   * Client-side health checking (gRPC A17), off by default. `true` watches the server as a whole
   * (`""`), `{ service: "acme.ledger.v1.Ledger" }` one service: every connection runs
   * `grpc.health.v1.Health/Watch` on itself and takes calls only while its status is SERVING;
   * both load-balancing policies skip the others. A server without the health service counts as
   * serving (a warning is logged once). When no connection is serving, calls fail fast with
   * `Unavailable` ("no replica … is serving") or wait, with `waitForReady`.
   */
  readonly healthCheck?: boolean | { readonly service: string };
}

/**
 * Creates a channel (see `@strand/tcp`'s `createChannel` for targets, resolution and load
 * balancing), with the health-checking option of {@link ChannelOptions}.
 */
export function createChannel(target: string | readonly string[], options: ChannelOptions = {}): Channel {
  const { healthCheck, ...transport } = options;
  const service = healthCheckService(healthCheck);
  if (service === undefined) return createTransportChannel(target, transport);
  if (transport.readinessCheck !== undefined) throw new RangeError("createChannel: healthCheck and readinessCheck cannot both be set");
  let warned = false;
  const readinessCheck = healthReadiness({
    service,
    backoff: verifyBackoff(transport.backoff),
    random: transport.random,
    onUnimplemented: () => {
      if (warned) return;
      warned = true;
      console.warn(`strand: a server behind ${String(target)} does not implement grpc.health.v1.Health; healthCheck counts its connections as serving`);
    },
  });
  return createTransportChannel(target, { ...transport, readinessCheck });
}

/** The service `healthCheck` watches, or undefined when it is off; throws on a bad shape. */
function healthCheckService(option: unknown): string | undefined {
  if (option === undefined || option === false) return undefined;
  if (option === true) return "";
  if (typeof option === "object" && option !== null && !Array.isArray(option)) {
    const service = (option as { service?: unknown }).service;
    if (typeof service === "string") return service;
  }
  throw new RangeError(`createChannel: healthCheck must be true, false or { service: "pkg.Service" }, got ${JSON.stringify(option)}`);
}
