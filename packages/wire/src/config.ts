import {
  ALL_COMPRESSION,
  CompressionId,
  MAX_MAX_FRAME_PAYLOAD,
  MAX_STREAM_ID,
  MAX_WINDOW,
  MIN_MAX_FRAME_PAYLOAD,
} from "./constants.ts";

/**
 * Session configuration. Every field is optional in {@link WireConfigInput}; defaults are anchored
 * on gRPC and HTTP/2 (ARCHITECTURE.md §4). Validated once, at construction.
 */
export interface WireConfig {
  /** Largest frame payload we accept, advertised in SETTINGS. Bytes; 16 KiB (16,384 … 16,777,215). */
  readonly maxFramePayload: number;
  /** Streams the peer may have open towards us at once; excess is refused. Count; 100. */
  readonly maxConcurrentStreams: number;
  /** Receive credit each new stream starts with, advertised in SETTINGS. Bytes; 256 KiB (≥ 64 KiB). */
  readonly initialStreamWindow: number;
  /** Connection-wide receive credit, granted by WINDOW_UPDATE after SETTINGS. Bytes; 1 MiB (≥ 64 KiB). */
  readonly initialConnectionWindow: number;
  /** Ceiling for growing the stream and connection windows from the measured bandwidth-delay product; set it to `initialStreamWindow` to disable growth. Bytes; 16 MiB. */
  readonly maxWindow: number;
  /** Largest message we accept, checked before buffering. Bytes; 4 MiB. */
  readonly maxMessageSize: number;
  /** Largest header block we accept. Bytes; 16 KiB. */
  readonly maxHeaderBlockSize: number;
  /** Locally opened streams that may wait for the peer's concurrency limit. Count; 10,000. */
  readonly maxPendingStreams: number;
  /** Unwritten bytes at which the session stops framing data and streams see backpressure. Bytes; 1 MiB. */
  readonly writeHighWaterMark: number;
  /** Control frames (PING/SETTINGS acks, resets, window updates) queued unwritten before we stop reading. Count; 1,000. */
  readonly maxQueuedControlFrames: number;
  /** Idle time after which we PING the peer; 0 disables keep-alive. Milliseconds; 30,000. */
  readonly keepaliveIntervalMs: number;
  /** Time a PING (or our SETTINGS) may go unanswered before the connection is declared dead. Milliseconds; 20,000. */
  readonly keepaliveTimeoutMs: number;
  /** Peer PINGs allowed in a burst before rate limiting applies. Count; 32. */
  readonly pingBurst: number;
  /** Sustained peer PINGs allowed; faster gets GOAWAY ENHANCE_YOUR_CALM. Per second; 8. */
  readonly pingsPerSecond: number;
  /** Peer SETTINGS frames (each forces an ACK) allowed in a burst (CVE-2019-9515). Count; 32. */
  readonly settingsBurst: number;
  /** Sustained peer SETTINGS allowed; faster gets GOAWAY ENHANCE_YOUR_CALM. Per second; 8. */
  readonly settingsPerSecond: number;
  /**
   * Premature stream resets allowed in a burst: streams reset by the peer before their work began (or
   * in the read that opened them), refused over `maxConcurrentStreams`, or reset for the peer's
   * stream errors — work thrown away (CVE-2023-44487, CVE-2025-8671). Cancels of work under way are not counted. Count; 1,000.
   */
  readonly resetBurst: number;
  /** Sustained premature resets allowed; faster gets GOAWAY ENHANCE_YOUR_CALM. Per second; 33. */
  readonly resetsPerSecond: number;
  /** DATA frames that carry nothing (no bytes, no END_MESSAGE, no END_STREAM) allowed in a burst (CVE-2019-9518). Count; 100. */
  readonly emptyFrameBurst: number;
  /** Sustained empty DATA frames allowed; more gets GOAWAY PROTOCOL_ERROR. Per second; 10. */
  readonly emptyFramesPerSecond: number;
  /**
   * Credit held by messages received and not yet read by their owners, over all of a connection's
   * streams; the stream that would queue past it is reset with ENHANCE_YOUR_CALM. Stream windows bound
   * each stream, but grow with the measured bandwidth: this bounds the connection. Bytes; 32 MiB.
   */
  readonly maxUnreadBytes: number;
  /** Highest stream ID we will use; past it the session stops opening streams so the owner rotates the connection. 31-bit ID; 2^31−1. */
  readonly maxStreamId: number;
  /**
   * Compression algorithms we inflate, advertised in SETTINGS (ACCEPT_COMPRESSION: 1 gzip, 2 zstd,
   * 3 both); anything else the peer compresses with fails its stream with UNSUPPORTED_COMPRESSION.
   * Needs a codec (`SessionOptions.codec`): the wire itself implements no algorithm. Bit mask; 0.
   */
  readonly acceptCompression: number;
  /**
   * The algorithm our streams compress messages with unless their owner picks another (0 none,
   * 1 gzip, 2 zstd): used when the peer accepts it, else the other one the peer accepts (zstd
   * first), else none. Needs a codec. Algorithm id; 0 (off).
   */
  readonly sendCompression: number;
  /** Messages shorter than this are sent uncompressed (compressing them costs more than it saves). Bytes; 1,024. */
  readonly compressMinBytes: number;
}

/** What callers pass: any subset of {@link WireConfig}. */
export type WireConfigInput = Partial<WireConfig>;

/** The defaults of every {@link WireConfig} field. */
export const defaultWireConfig: WireConfig = Object.freeze({
  maxFramePayload: 16 * 1024,
  maxConcurrentStreams: 100,
  initialStreamWindow: 256 * 1024,
  initialConnectionWindow: 1024 * 1024,
  maxWindow: 16 * 1024 * 1024,
  maxMessageSize: 4 * 1024 * 1024,
  maxHeaderBlockSize: 16 * 1024,
  maxPendingStreams: 10_000,
  writeHighWaterMark: 1024 * 1024,
  maxQueuedControlFrames: 1000,
  keepaliveIntervalMs: 30_000,
  keepaliveTimeoutMs: 20_000,
  pingBurst: 32,
  pingsPerSecond: 8,
  settingsBurst: 32,
  settingsPerSecond: 8,
  resetBurst: 1000,
  resetsPerSecond: 33,
  emptyFrameBurst: 100,
  emptyFramesPerSecond: 10,
  maxUnreadBytes: 32 * 1024 * 1024,
  maxStreamId: MAX_STREAM_ID,
  acceptCompression: 0,
  sendCompression: 0,
  compressMinBytes: 1024,
});

type Range = readonly [min: number, max: number, integer: boolean];

const RANGES: { readonly [K in keyof WireConfig]: Range } = {
  maxFramePayload: [MIN_MAX_FRAME_PAYLOAD, MAX_MAX_FRAME_PAYLOAD, true],
  maxConcurrentStreams: [1, 2 ** 31 - 1, true],
  initialStreamWindow: [64 * 1024, MAX_WINDOW, true],
  initialConnectionWindow: [64 * 1024, MAX_WINDOW, true],
  maxWindow: [64 * 1024, MAX_WINDOW, true],
  maxMessageSize: [0, 2 ** 32 - 1, true],
  maxHeaderBlockSize: [64, MAX_MAX_FRAME_PAYLOAD, true],
  maxPendingStreams: [0, 2 ** 31 - 1, true],
  writeHighWaterMark: [1024, 2 ** 31 - 1, true],
  maxQueuedControlFrames: [16, 2 ** 31 - 1, true],
  keepaliveIntervalMs: [0, 2 ** 31 - 1, false],
  keepaliveTimeoutMs: [1, 2 ** 31 - 1, false],
  pingBurst: [1, 2 ** 31 - 1, true],
  pingsPerSecond: [0, 1e9, false],
  settingsBurst: [1, 2 ** 31 - 1, true],
  settingsPerSecond: [0, 1e9, false],
  resetBurst: [1, 2 ** 31 - 1, true],
  resetsPerSecond: [0, 1e9, false],
  emptyFrameBurst: [1, 2 ** 31 - 1, true],
  emptyFramesPerSecond: [0, 1e9, false],
  maxUnreadBytes: [64 * 1024, 2 ** 31 - 1, true],
  maxStreamId: [3, MAX_STREAM_ID, true],
  acceptCompression: [0, ALL_COMPRESSION, true],
  sendCompression: [0, CompressionId.Zstd, true],
  compressMinBytes: [0, 2 ** 32 - 1, true],
};

/** Verified configs by input object: a listener's thousands of sessions share one frozen config. */
const verified = new WeakMap<object, WireConfig>();

/**
 * Merges `input` over the defaults and throws a `RangeError` naming the first bad field, so that a
 * misconfiguration fails at construction rather than on the first unlucky connection. The result
 * is frozen and cached per input object (inputs are treated as immutable once passed).
 */
export function verifyWireConfig(input: WireConfigInput = defaultWireConfig): WireConfig {
  if (input === defaultWireConfig) return defaultWireConfig;
  const cached = verified.get(input);
  if (cached !== undefined) return cached;
  const result = mergeConfig(input);
  verified.set(input, result);
  verified.set(result, result);
  return result;
}

function mergeConfig(input: WireConfigInput): WireConfig {
  const config: Record<string, number> = { ...defaultWireConfig };
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    const range = RANGES[key as keyof WireConfig];
    if (range === undefined) throw new RangeError(`wire config: unknown option "${key}"`);
    const [min, max, integer] = range;
    if (typeof value !== "number" || Number.isNaN(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
      throw new RangeError(`wire config: "${key}" must be ${integer ? "an integer" : "a number"} in [${min}, ${max}], got ${String(value)}`);
    }
    config[key] = value;
  }
  return Object.freeze(config) as unknown as WireConfig;
}
