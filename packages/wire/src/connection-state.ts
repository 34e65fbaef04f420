import type { GoAway } from "./control-payloads.ts";
import type { WireError } from "./wire-error.ts";

/**
 * The life of a connection, as one value (house style 6). Data that exists in one phase lives in
 * that variant: which GOAWAYs went each way while draining, and the error that closed it.
 *
 * ```
 *   open ──GOAWAY sent or received──▶ draining{sent, received} ──the other GOAWAY──▶ draining{sent, received}
 *     │                                         │
 *     └────────────── close(error) ─────────────┴──────────────▶ closed{error, received}
 * ```
 *
 * The handshake is not a phase of it: a client opens streams right after its preface, before the
 * peer's SETTINGS arrive. The peer's preface is the frame reader's (see `PrefaceReader`), and
 * "the first frame must be SETTINGS" holds until the peer's settings replace the defaults.
 */
export type ConnectionState =
  | { readonly t: "open" }
  | {
      readonly t: "draining";
      /** We sent GOAWAY: we take no new peer streams and close once our streams are done. */
      readonly sent: boolean;
      /** The peer's GOAWAY: we open no new streams; those above its last stream ID were refused. */
      readonly received: GoAway | undefined;
    }
  | { readonly t: "closed"; readonly error: WireError | undefined; readonly received: GoAway | undefined };

/** What moves a connection along. */
export type ConnectionEvent =
  | { readonly t: "goAwaySent" }
  | { readonly t: "goAwayReceived"; readonly goAway: GoAway }
  | { readonly t: "close"; readonly error: WireError | undefined };

/** The state every connection starts in. */
export const OPEN: ConnectionState = Object.freeze({ t: "open" });

/** The one function that applies transitions; a closed connection stays closed. */
export function nextConnectionState(state: ConnectionState, event: ConnectionEvent): ConnectionState {
  if (state.t === "closed") return state;
  const sent = state.t === "draining" && state.sent;
  const received = state.t === "draining" ? state.received : undefined;
  switch (event.t) {
    case "goAwaySent":
      return { t: "draining", sent: true, received };
    case "goAwayReceived":
      return { t: "draining", sent, received: event.goAway };
    case "close":
      return { t: "closed", error: event.error, received };
  }
}

/** The GOAWAY the peer sent, in whatever state it left behind. */
export function goAwayReceivedIn(state: ConnectionState): GoAway | undefined {
  return state.t === "open" ? undefined : state.received;
}
