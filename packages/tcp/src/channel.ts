import type { TLSOptions } from "bun";
import { isLogger, type Logger } from "@strand/rpc";
import { verifyWireConfig, type WireConfigInput } from "@strand/wire";
import { ConnectionEvents } from "./connection-events.ts";
import { verifyBackoff, type BackoffOptions } from "./backoff.ts";
import { compressionConfig, type CompressionOptions } from "./compression-options.ts";
import { addressKey, channelSource, tlsForAddress } from "./channel-source.ts";
import { createLoadBalancer } from "./load-balancer.ts";
import { type Channel, PooledChannel } from "./pooled-channel.ts";
import { verifyResolutionOptions, type ResolutionOptions } from "./resolution-options.ts";
import type { ResolvedAddress } from "./resolver.ts";
import { connectionOf } from "./socket-channel.ts";
import { verifySocketOptions, type SocketOptions } from "./socket-options.ts";
import { Subchannel } from "./subchannel.ts";
import type { Endpoint } from "./subchannel-pool.ts";
import { describeAddress } from "./target.ts";
import { connectWire } from "./wire-connect.ts";
import { verifyClientTls } from "./tls-options.ts";

/** Options of {@link createChannel}. */
export interface ChannelOptions extends Partial<SocketOptions>, ResolutionOptions, CompressionOptions {
  /** Wire limits and timers for the channel's connections (see `WireConfig`); checked here, at construction. */
  readonly wire?: WireConfigInput;
  /**
   * Bun TLS client options (`ca`, `serverName`, `rejectUnauthorized`, …; `key` + `cert` to present
   * a client certificate for mTLS), or `true` for system CAs. Every TLS failure — untrusted or
   * expired certificate, wrong host name, client certificate refused — fails calls at once with
   * `Unavailable` and the reason.
   */
  readonly tls?: TLSOptions | boolean;
  /** Reconnect backoff (gRPC defaults: 1 s × 1.6, ±20 %, max 120 s, min connect timeout 20 s). */
  readonly backoff?: Partial<BackoffOptions>;
  /** Calls that may wait for a connection at once; more fail with `ResourceExhausted`. Count; 10,000. */
  readonly maxPendingCalls?: number;
  /** Randomness for backoff jitter (tests). Default `Math.random`. */
  readonly random?: () => number;
  /**
   * Where the channel reports its connections' lives: opened and closed (`info`), GOAWAYs from the
   * server (`info`, `warn` with an error code), protocol errors either side found (`warn`) — only
   * the levels the logger has (docs/logging.md). Default: none.
   */
  readonly logger?: Logger;
}

/**
 * Creates a channel to `target`: `"host:port"`, `"unix:/path"`, a list of addresses, or a name
 * to resolve — `"dns:///name:port"` (A and AAAA records), `"dns+srv:///_svc._tcp.name"` (SRV
 * records), a scheme added with `registerResolver` — re-resolved every `resolveIntervalMs` and
 * when a connection is lost. Calls are balanced by `loadBalancing` (round-robin by default) over
 * ready connections. Connects lazily on the first call and reconnects with gRPC's backoff. Calls
 * fail fast with `Unavailable` when every address is failing, unless they set `waitForReady`.
 */
export function createChannel(target: string | readonly string[], options: ChannelOptions = {}): Channel {
  const resolution = verifyResolutionOptions(options);
  const wire = verifyWireConfig({ ...compressionConfig(options, "createChannel"), ...options.wire });
  verifyClientTls(options.tls);
  const socket = verifySocketOptions(options);
  const retry = { backoff: verifyBackoff(options.backoff), ...(options.random ? { random: options.random } : {}) };
  if (options.logger !== undefined && !isLogger(options.logger)) throw new TypeError("createChannel: logger must have an error(message, error) method, and warn, info and debug only as functions");
  const events = options.logger === undefined ? undefined : new ConnectionEvents(options.logger);
  const dial = (address: ResolvedAddress) => {
    const tls = tlsForAddress(options.tls, address);
    return (timeoutMs: number) => connectWire({ address, config: wire, tls, timeoutMs, observer: events?.observer, ...socket });
  };
  const subchannel = { ...retry, readiness: resolution.readinessCheck, events };
  const endpointOf = (a: ResolvedAddress): Endpoint => ({ key: addressKey(a), create: (onChange) => new Subchannel(describeAddress(a), dial(a), subchannel, onChange) });
  const source = channelSource(target, { ...resolution, random: options.random ?? Math.random }, endpointOf);
  return new PooledChannel({ source, balancer: createLoadBalancer(resolution.loadBalancing), maxPendingCalls: options.maxPendingCalls, holdOf: socket.unref ? connectionOf : undefined });
}

/** The channel interface (re-exported: it was declared here first). */
export type { Channel } from "./pooled-channel.ts";
