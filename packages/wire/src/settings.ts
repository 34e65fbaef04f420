import {
  MAX_MAX_FRAME_PAYLOAD,
  MAX_WINDOW,
  MIN_MAX_FRAME_PAYLOAD,
  PROTOCOL_DEFAULTS,
  SettingId,
} from "./constants.ts";
import { ErrorCode } from "./error-code.ts";
import { readU32, writeU32 } from "./frame.ts";
import { WireError } from "./wire-error.ts";

/** What one endpoint announces about what it accepts (PROTOCOL.md §4.4). */
export interface Settings {
  /** Largest frame payload the announcer accepts. */
  readonly maxFramePayload: number;
  /** Streams the other side may open towards the announcer at once. */
  readonly maxConcurrentStreams: number;
  /** Credit each new stream gets for sending to the announcer. */
  readonly initialStreamWindow: number;
  /** Largest message the announcer accepts. */
  readonly maxMessageSize: number;
  /** Largest header block the announcer accepts. */
  readonly maxHeaderBlockSize: number;
  /** Whether the announcer accepts BATCH DATA frames (several whole messages per frame). */
  readonly acceptBatch: boolean;
  /**
   * Compression algorithms the announcer inflates, as ACCEPT_COMPRESSION bits (`1 << (id - 1)` of
   * each `CompressionId`); 0 — also when a peer never sent the setting — means none, so a peer
   * that predates compression never receives a compressed message. Unknown bits are kept and
   * never matched: a later algorithm needs no new protocol version.
   */
  readonly acceptCompression: number;
  /**
   * Whether the announcer accepts HEADERS with WITH_TRAILERS (a whole response — headers, one
   * message, trailers — in one frame). False, also when a peer never sent the setting: a peer that
   * predates it gets the two frames it always got.
   */
  readonly acceptWithTrailers: boolean;
}

/** What {@link encodeSettings} takes: every setting, ACCEPT_COMPRESSION and ACCEPT_WITH_TRAILERS optional (absent: 0, not sent). */
export type SettingsInit = Omit<Settings, "acceptCompression" | "acceptWithTrailers"> & { readonly acceptCompression?: number; readonly acceptWithTrailers?: boolean };

/** What an endpoint assumes of its peer before the peer's SETTINGS arrive. */
export const initialPeerSettings: Settings = PROTOCOL_DEFAULTS;

const ENTRY = 6;

/**
 * Encodes the settings (each entry: u16 identifier, u32 value): all six of the first version, and
 * ACCEPT_COMPRESSION and ACCEPT_WITH_TRAILERS only when they are not 0 (their default), so that an
 * endpoint without them sends the bytes it always did.
 */
export function encodeSettings(settings: SettingsInit): Uint8Array {
  const entries: Array<[SettingId, number]> = [
    [SettingId.MaxFramePayload, settings.maxFramePayload],
    [SettingId.MaxConcurrentStreams, settings.maxConcurrentStreams],
    [SettingId.InitialStreamWindow, settings.initialStreamWindow],
    [SettingId.MaxMessageSize, settings.maxMessageSize],
    [SettingId.MaxHeaderBlockSize, settings.maxHeaderBlockSize],
    [SettingId.AcceptBatch, settings.acceptBatch ? 1 : 0],
  ];
  const accept = settings.acceptCompression ?? 0;
  if (accept !== 0) entries.push([SettingId.AcceptCompression, accept]);
  if (settings.acceptWithTrailers === true) entries.push([SettingId.AcceptWithTrailers, 1]);
  const out = new Uint8Array(entries.length * ENTRY);
  entries.forEach(([id, value], i) => {
    out[i * ENTRY] = id >>> 8;
    out[i * ENTRY + 1] = id & 0xff;
    writeU32(out, i * ENTRY + 2, value);
  });
  return out;
}

/**
 * Applies a SETTINGS payload on top of `previous`. Unknown identifiers are ignored so that later
 * versions can add settings; out-of-range values are connection errors.
 */
export function decodeSettings(payload: Uint8Array, previous: Settings): Settings {
  if (payload.length % ENTRY !== 0) {
    throw new WireError(ErrorCode.FrameSizeError, `SETTINGS payload of ${payload.length} bytes is not a multiple of ${ENTRY}`);
  }
  const next = { ...previous };
  for (let i = 0; i < payload.length; i += ENTRY) {
    const id = (payload[i]! << 8) | payload[i + 1]!;
    const value = readU32(payload, i + 2);
    switch (id) {
      case SettingId.MaxFramePayload:
        if (value < MIN_MAX_FRAME_PAYLOAD || value > MAX_MAX_FRAME_PAYLOAD) {
          throw new WireError(ErrorCode.ProtocolError, `MAX_FRAME_PAYLOAD ${value} outside [${MIN_MAX_FRAME_PAYLOAD}, ${MAX_MAX_FRAME_PAYLOAD}]`);
        }
        next.maxFramePayload = value;
        break;
      case SettingId.MaxConcurrentStreams:
        next.maxConcurrentStreams = value;
        break;
      case SettingId.InitialStreamWindow:
        if (value > MAX_WINDOW) throw new WireError(ErrorCode.FlowControlError, `INITIAL_STREAM_WINDOW ${value} exceeds 2^31-1`);
        next.initialStreamWindow = value;
        break;
      case SettingId.MaxMessageSize:
        next.maxMessageSize = value;
        break;
      case SettingId.MaxHeaderBlockSize:
        next.maxHeaderBlockSize = value;
        break;
      case SettingId.AcceptBatch:
        if (value > 1) throw new WireError(ErrorCode.ProtocolError, `ACCEPT_BATCH ${value} is neither 0 nor 1`);
        next.acceptBatch = value === 1;
        break;
      case SettingId.AcceptCompression:
        next.acceptCompression = value;
        break;
      case SettingId.AcceptWithTrailers:
        if (value > 1) throw new WireError(ErrorCode.ProtocolError, `ACCEPT_WITH_TRAILERS ${value} is neither 0 nor 1`);
        next.acceptWithTrailers = value === 1;
        break;
      default:
        break; // Unknown identifiers are ignored by design (PROTOCOL.md §4.4).
    }
  }
  return next;
}

/** First SETTINGS payloads seen (as latin1 strings) and what they decode to; see {@link decodeFirstSettings}. */
const firstSettings = new Map<string, Settings>();
/** Distinct first payloads remembered; peers of one deployment send a handful. */
const MAX_REMEMBERED = 64;
/** Longer payloads (unknown settings galore) are decoded for their connection alone. Bytes. */
const MAX_KEYED_BYTES = 256;

/**
 * {@link decodeSettings} of a connection's first SETTINGS (on top of the protocol defaults), with
 * the result shared, frozen, among connections whose peers sent the same bytes: thousands of idle
 * connections from like clients then hold one settings object between them, not one each.
 */
export function decodeFirstSettings(payload: Uint8Array): Settings {
  if (payload.length > MAX_KEYED_BYTES) return decodeSettings(payload, initialPeerSettings);
  // Most connections repeat the previous one's bytes: compared in place, without building a key.
  const last = lastFirst;
  if (last !== undefined && sameBytes(last.payload, payload)) return last.settings;
  const key = String.fromCharCode(...payload);
  let settings = firstSettings.get(key);
  if (settings === undefined) {
    settings = Object.freeze(decodeSettings(payload, initialPeerSettings));
    if (firstSettings.size < MAX_REMEMBERED) firstSettings.set(key, settings);
  }
  lastFirst = { payload: payload.slice(), settings };
  return settings;
}

/** The last first-SETTINGS payload decoded (a copy) and its shared result. */
let lastFirst: { readonly payload: Uint8Array; readonly settings: Settings } | undefined;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}


const settingsPayloads = new WeakMap<object, Uint8Array>();

/** Our SETTINGS payload (with ACCEPT_BATCH and ACCEPT_WITH_TRAILERS, and ACCEPT_COMPRESSION when the config accepts any), encoded once per (shared, frozen) config. */
export function settingsPayload(config: Omit<Settings, "acceptBatch" | "acceptWithTrailers">): Uint8Array {
  let payload = settingsPayloads.get(config);
  if (payload === undefined) settingsPayloads.set(config, (payload = encodeSettings({ ...config, acceptBatch: true, acceptWithTrailers: true })));
  return payload;
}
