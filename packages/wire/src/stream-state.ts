/**
 * A stream's state as hyperium/h2's `state.rs` keeps it: how far each direction has got, and
 * whether the stream is closed (its cause — a reset, a stream error, the connection's loss, or
 * nothing for a clean end — is kept beside it by the stream, set by the same transition).
 *
 * ```
 *  local (what we send)
 *    idle ──queue headers──▶ queued ──HEADERS framed──▶ open ──queue end──▶ ending ──END_STREAM framed──▶ ended
 *      │                        └──queue end──▶ queued_end ──HEADERS framed──▶ ending
 *      └──queue end (trailers-only answer)──▶ ending
 *  remote (what the peer sends)
 *    awaiting ──HEADERS received──▶ open ──END_STREAM received──▶ ended ──end delivered to the owner──▶ delivered
 *  closed: both sides ended, or reset / stream error / connection closed (from any state)
 * ```
 * "Framed" means written into a flush, not asked for: until then the stream still owes frames.
 * Both sides and the closed flag are packed in one number, so a stream's state is one value with
 * one function that changes it, and costs no object.
 */
export const enum Local {
  Idle,
  Queued,
  QueuedEnd,
  Open,
  Ending,
  Ended,
}

/** The peer's side of a stream (see the module comment). */
export const enum Remote {
  Awaiting,
  Open,
  Ended,
  Delivered,
}

/** What happened to a stream. */
export const enum StreamEvent {
  QueueHeaders,
  QueueEnd,
  HeadersFramed,
  EndFramed,
  HeadersReceived,
  EndReceived,
  EndDelivered,
}

/** A stream's packed state: local side in bits 0–2, remote side in bits 3–4, {@link CLOSED} in bit 5. */
export type StreamState = number;

/** The closed flag of a {@link StreamState}. */
export const CLOSED = 32;

const state = (local: Local, remote: Remote): StreamState => local | (remote << 3);

/** Where a stream starts: ours with nothing sent yet, or the peer's, opened by its HEADERS. */
export function initialStreamState(openedByUs: boolean): StreamState {
  return openedByUs ? state(Local.Idle, Remote.Awaiting) : state(Local.Idle, Remote.Open);
}

/** This side's progress. */
export function localSide(s: StreamState): Local {
  return s & 7;
}

/** The peer's progress. */
export function remoteSide(s: StreamState): Remote {
  return (s >> 3) & 3;
}

/**
 * The one function that applies transitions: the next state, or -1 when `event` is illegal in
 * `s`. One lookup in a table computed once from {@link rule}: every call makes about six
 * transitions on each side.
 */
export function nextStreamState(s: StreamState, event: StreamEvent): StreamState {
  return TRANSITIONS[(s << 3) | event]!;
}

/** The transition rules (see the module comment), as {@link nextStreamState} answers them. */
function rule(s: StreamState, event: StreamEvent): StreamState {
  if ((s & CLOSED) !== 0 && event !== StreamEvent.EndDelivered) return -1;
  const local = localSide(s);
  const remote = remoteSide(s);
  const closed = s & CLOSED;
  switch (event) {
    case StreamEvent.QueueHeaders:
      return local === Local.Idle ? state(Local.Queued, remote) : -1;
    case StreamEvent.QueueEnd:
      if (local === Local.Queued) return state(Local.QueuedEnd, remote);
      return local === Local.Open || local === Local.Idle ? state(Local.Ending, remote) : -1;
    case StreamEvent.HeadersFramed:
      if (local === Local.Queued) return state(Local.Open, remote);
      return local === Local.QueuedEnd ? state(Local.Ending, remote) : -1;
    case StreamEvent.EndFramed:
      if (local !== Local.Ending) return -1;
      return state(Local.Ended, remote) | (remote >= Remote.Ended ? CLOSED : 0);
    case StreamEvent.HeadersReceived:
      return remote === Remote.Awaiting ? state(local, Remote.Open) : -1;
    case StreamEvent.EndReceived:
      if (remote >= Remote.Ended) return -1;
      return state(local, Remote.Ended) | (local === Local.Ended ? CLOSED : 0);
    case StreamEvent.EndDelivered:
      return remote === Remote.Ended ? state(local, Remote.Delivered) | closed : -1;
  }
}

/** {@link rule} for every packed state (6 bits) and event (3 bits). */
const TRANSITIONS = ((): Int8Array => {
  const table = new Int8Array(64 << 3).fill(-1);
  for (let s = 0; s < 64; s++) for (let event = StreamEvent.QueueHeaders; event <= StreamEvent.EndDelivered; event++) table[(s << 3) | event] = rule(s, event);
  return table;
})();

/** Whether the stream is closed. */
export function isClosed(s: StreamState): boolean {
  return (s & CLOSED) !== 0;
}

/** Whether our whole send side is queued: nothing framed yet (a unary request), or only its end left to frame. */
export function sendComplete(s: StreamState): boolean {
  const local = localSide(s);
  return local === Local.QueuedEnd || local === Local.Ending;
}

/** Whether our first HEADERS is still unframed: the peer cannot know the stream (safe to retry elsewhere, no RST needed). */
export function headersUnframed(s: StreamState): boolean {
  const local = localSide(s);
  return local === Local.Queued || local === Local.QueuedEnd;
}

/** Whether this side may still queue messages: headers queued or sent, end not queued, not closed. */
export function canQueue(s: StreamState): boolean {
  const local = s & (CLOSED | 7);
  return local === Local.Queued || local === Local.Open;
}

/** Whether the end of this side is queued (or sent), or the stream is closed: nothing more may be queued. */
export function endQueued(s: StreamState): boolean {
  return (s & CLOSED) !== 0 || localSide(s) === Local.QueuedEnd || localSide(s) >= Local.Ending;
}

/** Whether the peer may still send: the stream is open to it (its HEADERS or ours went out) and it has not ended. */
export function canReceive(s: StreamState): boolean {
  if ((s & CLOSED) !== 0) return false;
  const remote = remoteSide(s);
  return remote === Remote.Open || (remote === Remote.Awaiting && localSide(s) >= Local.Open);
}

/** Whether the peer has finished sending (or the stream is over): readers see the end. */
export function remoteEnded(s: StreamState): boolean {
  return (s & CLOSED) !== 0 || remoteSide(s) >= Remote.Ended;
}

/** HTTP/2's name of the state, for errors and logs. */
export function streamStateName(s: StreamState): string {
  if ((s & CLOSED) !== 0) return "closed";
  const local = localSide(s);
  const remote = remoteSide(s);
  if (local < Local.Open && remote === Remote.Awaiting) return "idle";
  if (local === Local.Ended) return "half_closed_local";
  return remote >= Remote.Ended ? "half_closed_remote" : "open";
}
