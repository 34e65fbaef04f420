import { expect, test } from "bun:test";
import {
  canQueue,
  canReceive,
  endQueued,
  headersUnframed,
  initialStreamState,
  isClosed,
  Local,
  localSide,
  nextStreamState,
  Remote,
  remoteEnded,
  remoteSide,
  StreamEvent,
  type StreamState,
  streamStateName,
} from "./stream-state.ts";

function apply(s: StreamState, ...events: StreamEvent[]): StreamState {
  for (const e of events) {
    s = nextStreamState(s, e);
    if (s < 0) throw new Error(`illegal: ${e}`);
  }
  return s;
}

test("a unary call we open: headers and end queued together, framed in one frame, answered and ended — then closed", () => {
  let s = initialStreamState(true);
  s = apply(s, StreamEvent.QueueHeaders, StreamEvent.QueueEnd);
  expect([headersUnframed(s), canQueue(s), endQueued(s), canReceive(s), streamStateName(s)]).toEqual([true, false, true, false, "idle"]);
  s = apply(s, StreamEvent.HeadersFramed, StreamEvent.EndFramed);
  expect([localSide(s), streamStateName(s), canReceive(s), headersUnframed(s)]).toEqual([Local.Ended, "half_closed_local", true, false]);
  s = apply(s, StreamEvent.HeadersReceived, StreamEvent.EndReceived);
  expect([isClosed(s), streamStateName(s), remoteEnded(s), canReceive(s)]).toEqual([true, "closed", true, false]);
  s = apply(s, StreamEvent.EndDelivered); // delivering the end is still allowed after a clean close
  expect([isClosed(s), remoteSide(s)]).toEqual([true, Remote.Delivered]);
});

test("a stream the peer opens: open to the peer at once, answered, trailers-only answers allowed", () => {
  let s = initialStreamState(false);
  expect([canReceive(s), canQueue(s), streamStateName(s)]).toEqual([true, false, "open"]);
  const trailersOnly = apply(s, StreamEvent.QueueEnd, StreamEvent.EndFramed); // an answer that is only trailers
  expect([streamStateName(trailersOnly), canReceive(trailersOnly), canQueue(trailersOnly)]).toEqual(["half_closed_local", true, false]);
  s = apply(s, StreamEvent.QueueHeaders);
  expect(canQueue(s)).toBe(true);
  s = apply(s, StreamEvent.HeadersFramed, StreamEvent.EndReceived);
  expect([streamStateName(s), canReceive(s), canQueue(s)]).toEqual(["half_closed_remote", false, true]);
  s = apply(s, StreamEvent.QueueEnd, StreamEvent.EndFramed);
  expect(isClosed(s)).toBe(true);
});

test("illegal events are refused, and a closed stream takes none but the end's delivery", () => {
  const fresh = initialStreamState(true);
  expect(nextStreamState(fresh, StreamEvent.HeadersFramed)).toBe(-1);
  expect(nextStreamState(fresh, StreamEvent.EndFramed)).toBe(-1);
  expect(nextStreamState(apply(fresh, StreamEvent.QueueHeaders), StreamEvent.QueueHeaders)).toBe(-1);
  const peers = initialStreamState(false);
  expect(nextStreamState(peers, StreamEvent.HeadersReceived)).toBe(-1);
  const ended = apply(peers, StreamEvent.EndReceived);
  expect(nextStreamState(ended, StreamEvent.EndReceived)).toBe(-1);
  const closed = apply(peers, StreamEvent.QueueEnd, StreamEvent.EndFramed, StreamEvent.EndReceived);
  expect(isClosed(closed)).toBe(true);
  expect(nextStreamState(closed, StreamEvent.QueueHeaders)).toBe(-1);
  expect(nextStreamState(closed, StreamEvent.EndDelivered)).toBeGreaterThan(0);
});
