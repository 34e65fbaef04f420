import { verifyWireConfig, type WireConfigInput } from "@strand/wire";
import { verifyBackoff, type BackoffOptions } from "./backoff.ts";
import { fixedSource } from "./endpoint-source.ts";
import { type Channel, PooledChannel } from "./pooled-channel.ts";
import { RoundRobin } from "./round-robin.ts";
import { Subchannel } from "./subchannel.ts";
import { dialWebSocket } from "./ws-dial.ts";

/** Options of {@link createWebChannel}. */
export interface WebChannelOptions {
  /** Wire limits and timers (see `WireConfig`); checked here, at construction. */
  readonly wire?: WireConfigInput;
  /** Reconnect backoff, as for TCP channels (gRPC defaults). */
  readonly backoff?: Partial<BackoffOptions>;
  /** Calls that may wait for a connection at once; more fail with `ResourceExhausted`. Count; 10,000. */
  readonly maxPendingCalls?: number;
  /**
   * Bun only: extra `WebSocket` constructor options — `headers` (e.g. `Authorization` for a
   * server's `authorize`), `tls` (`{ ca }` for a private CA). Browsers send their cookies and
   * `Origin` themselves and take no such options.
   */
  readonly socketOptions?: Record<string, unknown>;
  /** Randomness for backoff jitter (tests). Default `Math.random`. */
  readonly random?: () => number;
}

/**
 * A channel to a Strand server over WebSocket (`ws://` or `wss://` URL, the endpoint's path
 * included), on the standard `WebSocket` API: browsers and Bun. Everything a TCP channel does —
 * all four call kinds, deadlines, cancellation, metadata, interceptors, lazy connect, reconnect
 * with backoff, `waitForReady` — with `createClient(Service, channel)` as usual.
 */
export function createWebChannel(url: string, options: WebChannelOptions = {}): Channel {
  const parsed = new URL(url);
  if (parsed.protocol !== "ws:" && parsed.protocol !== "wss:") throw new RangeError(`createWebChannel: expected a ws:// or wss:// URL, got ${JSON.stringify(url)}`);
  const config = verifyWireConfig(options.wire ?? {});
  const retry = { backoff: verifyBackoff(options.backoff), ...(options.random ? { random: options.random } : {}) };
  const dial = (timeoutMs: number) => dialWebSocket({ url, config, timeoutMs, socketOptions: options.socketOptions });
  const source = fixedSource(url, [{ key: url, create: (onChange) => new Subchannel(url, dial, retry, onChange) }]);
  return new PooledChannel({ source, balancer: new RoundRobin(), maxPendingCalls: options.maxPendingCalls });
}
