/**
 * The stream state machine (PROTOCOL.md §6), HTTP/2's without the reserved states.
 *
 * ```
 *                     send/recv HEADERS
 *          idle ──────────────────────────▶ open
 *                                            │
 *               send END_STREAM ┌────────────┴────────────┐ recv END_STREAM
 *                               ▼                         ▼
 *                      half_closed_local         half_closed_remote
 *                               │ recv END_STREAM         │ send END_STREAM
 *                               └───────────▶ closed ◀────┘
 *
 *   any state ── send/recv RST_STREAM, connection closes ──▶ closed
 * ```
 * "send END_STREAM" happens when the frame carrying the flag is written into a flush, not when
 * the application asks for it; until then the stream still owes frames.
 */
export const enum StreamState {
  Idle,
  Open,
  HalfClosedLocal,
  HalfClosedRemote,
  Closed,
}

/** What happened to a stream. */
export const enum StreamEvent {
  Open,
  SendEnd,
  RecvEnd,
  Reset,
}

/** The one function that applies transitions; `undefined` means the event is illegal in `state`. */
export function nextStreamState(state: StreamState, event: StreamEvent): StreamState | undefined {
  switch (event) {
    case StreamEvent.Open:
      return state === StreamState.Idle ? StreamState.Open : undefined;
    case StreamEvent.SendEnd:
      if (state === StreamState.Open) return StreamState.HalfClosedLocal;
      return state === StreamState.HalfClosedRemote ? StreamState.Closed : undefined;
    case StreamEvent.RecvEnd:
      if (state === StreamState.Open) return StreamState.HalfClosedRemote;
      return state === StreamState.HalfClosedLocal ? StreamState.Closed : undefined;
    case StreamEvent.Reset:
      return StreamState.Closed;
  }
}

/** Whether the peer may still send on a stream in `state`. */
export function canReceive(state: StreamState): boolean {
  return state === StreamState.Open || state === StreamState.HalfClosedLocal;
}

/** Whether the peer has finished sending (or the stream is over): readers see the end. */
export function remoteEnded(state: StreamState): boolean {
  return state === StreamState.HalfClosedRemote || state === StreamState.Closed;
}

/** Display names, for errors and logs. */
export const streamStateName = ["idle", "open", "half_closed_local", "half_closed_remote", "closed"] as const;
