import { FrameType } from "./constants.ts";
import { encodeGoAway, type GoAway } from "./control-payloads.ts";
import { ErrorCode } from "./error-code.ts";
import { encodeFrame } from "./frame.ts";
import { encodePreface } from "./preface.ts";

const EMPTY = new Uint8Array(0);

/**
 * Everything a server writes to turn a connection away without building a session for it
 * (PROTOCOL.md §10): the preface, an empty SETTINGS (the protocol requires it first) and GOAWAY
 * with last stream ID 0 — no stream was or will be processed — `code` and `reason`. Encode it
 * once and write the same bytes to every connection refused for that reason: refusing stays
 * cheaper than accepting, which is the point when a flood of connections is what is refused.
 */
export function encodeRefusal(code: ErrorCode, reason: string): Uint8Array {
  const preface = encodePreface();
  const settings = encodeFrame({ type: FrameType.Settings, flags: 0, streamId: 0, payload: EMPTY });
  const goAway = encodeFrame({ type: FrameType.GoAway, flags: 0, streamId: 0, payload: encodeGoAway(0, code, reason) });
  const out = new Uint8Array(preface.length + settings.length + goAway.length);
  out.set(preface, 0);
  out.set(settings, preface.length);
  out.set(goAway, preface.length + settings.length);
  return out;
}

/**
 * Whether a GOAWAY turned the connection away before it served anything — last stream ID 0 and an
 * error code, as {@link encodeRefusal} writes: the dialler should count the attempt as a failed
 * connect (and back off) rather than as a connection that drained.
 */
export function isRefusal(goAway: GoAway | undefined): goAway is GoAway {
  return goAway !== undefined && goAway.lastStreamId === 0 && goAway.code !== ErrorCode.NoError;
}
