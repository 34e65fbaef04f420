import type { TLSOptions } from "bun";
import { verifyWireConfig, type WireConfigInput } from "@strand/wire";
import { verifyBackoff, type BackoffOptions } from "./backoff.ts";
import { type Channel, PooledChannel } from "./pooled-channel.ts";
import { verifySocketOptions, type SocketOptions } from "./socket-options.ts";
import { Subchannel } from "./subchannel.ts";
import { describeAddress, parseTargets } from "./target.ts";
import { connectWire, type DialAddress } from "./wire-connect.ts";
import { verifyClientTls } from "./tls-options.ts";

/** Options of {@link createChannel}. */
export interface ChannelOptions extends Partial<SocketOptions> {
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
}

/**
 * Creates a channel to `target`: `"host:port"`, `"unix:/path"`, or a list of addresses that calls
 * are balanced across round-robin (only healthy connections are used). Connects lazily on the
 * first call and reconnects with gRPC's backoff. Calls fail fast with `Unavailable` when every
 * address is failing, unless they set `waitForReady`.
 */
export function createChannel(target: string | readonly string[], options: ChannelOptions = {}): Channel {
  const addresses = parseTargets(target);
  const wire = verifyWireConfig(options.wire ?? {});
  verifyClientTls(options.tls);
  const socket = verifySocketOptions(options);
  const retry = { backoff: verifyBackoff(options.backoff), ...(options.random ? { random: options.random } : {}) };
  const dial = (address: DialAddress) => (timeoutMs: number) => connectWire({ address, config: wire, tls: options.tls, timeoutMs, ...socket });
  return new PooledChannel((onChange) => addresses.map((a) => new Subchannel(describeAddress(a), dial(a), retry, onChange)), options.maxPendingCalls, socket.unref);
}

/** The channel interface (re-exported: it was declared here first). */
export type { Channel } from "./pooled-channel.ts";
