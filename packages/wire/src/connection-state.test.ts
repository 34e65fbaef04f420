import { expect, test } from "bun:test";
import { type ConnectionState, goAwayReceivedIn, nextConnectionState, OPEN } from "./connection-state.ts";
import { ErrorCode } from "./error-code.ts";
import { WireError } from "./wire-error.ts";

const theirs = { lastStreamId: 5, code: ErrorCode.NoError, reason: "bye" };

test("open → draining keeps which GOAWAYs went each way; closing keeps the error and the peer's GOAWAY", () => {
  let state: ConnectionState = OPEN;
  state = nextConnectionState(state, { t: "goAwaySent" });
  expect(state).toEqual({ t: "draining", sent: true, received: undefined });
  state = nextConnectionState(state, { t: "goAwayReceived", goAway: theirs });
  expect(state).toEqual({ t: "draining", sent: true, received: theirs });
  const error = new WireError(ErrorCode.ConnectionLost, "gone");
  state = nextConnectionState(state, { t: "close", error });
  expect(state).toEqual({ t: "closed", error, received: theirs });
  expect(goAwayReceivedIn(state)).toBe(theirs);
});

test("the peer's GOAWAY first leaves ours unsent; a closed connection stays closed whatever happens", () => {
  const draining = nextConnectionState(OPEN, { t: "goAwayReceived", goAway: theirs });
  expect(draining).toEqual({ t: "draining", sent: false, received: theirs });
  const closed = nextConnectionState(OPEN, { t: "close", error: undefined });
  expect(nextConnectionState(closed, { t: "goAwaySent" })).toBe(closed);
  expect(nextConnectionState(closed, { t: "goAwayReceived", goAway: theirs })).toBe(closed);
  expect(goAwayReceivedIn(OPEN)).toBeUndefined();
});
