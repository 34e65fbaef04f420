/**
 * The loads themselves, one function per scenario shape, all written against `PeerConnection` so
 * every peer is measured by the same code. Node-compatible.
 */
import type { PeerConnection } from "../peers/peer-connection.ts";
import { startCallLoops } from "./call-loops.ts";
import { LatencyRecorder } from "./latency-recorder.ts";
import { measureWindow, type Meter } from "./measure-window.ts";
import { textPayload } from "./text-payload.ts";
import type { BidiSpec, FairnessResult, FairnessSpec, LoadResult, LoadSpec, StreamSpec, UnarySpec } from "./scenario-spec.ts";

/** Runs `spec` on `connection`; `onMeasuring` fires when the measured window starts. */
export function runLoad(connection: PeerConnection, spec: LoadSpec, onMeasuring: () => void): Promise<LoadResult> {
  switch (spec.kind) {
    case "unary":
      return runUnary(connection, spec, onMeasuring);
    case "stream":
      return runStream(connection, spec, onMeasuring);
    case "bidi":
      return runBidi(connection, spec, onMeasuring);
    case "fairness":
      return runFairness(connection, spec, onMeasuring);
  }
}

function payloadOf(size: number): Uint8Array {
  return new Uint8Array(size).fill(0x5a);
}

/** S1, S2, S5, S9: `inflight` unary echo loops. */
async function runUnary(connection: PeerConnection, spec: UnarySpec, onMeasuring: () => void): Promise<LoadResult> {
  const payload = spec.payload === "text" ? textPayload(spec.size) : payloadOf(spec.size);
  const meter: Meter = { ops: 0, recorder: new LatencyRecorder() };
  const loops = startCallLoops(spec.inflight, () => connection.echo(payload), meter);
  let result: LoadResult | undefined;
  try {
    result = await measureWindow(meter, spec, onMeasuring);
  } finally {
    await loops.stop();
  }
  return result;
}

/** S3: one server stream, messages counted on arrival. */
async function runStream(connection: PeerConnection, spec: StreamSpec, onMeasuring: () => void): Promise<LoadResult> {
  const meter: Meter = { ops: 0, recorder: undefined };
  let ended = false;
  const pump = connection.pump(spec.size, () => {
    meter.ops++;
  });
  const watched = pump.done.finally(() => {
    ended = true;
  });
  let result: LoadResult | undefined;
  try {
    result = await measureWindow(meter, spec, onMeasuring);
    if (ended) throw new Error("the server stream ended before the window did");
  } finally {
    pump.stop();
    await watched;
  }
  return result;
}

/** S4: ping-pong on one bidirectional stream, one message in flight. */
async function runBidi(connection: PeerConnection, spec: BidiSpec, onMeasuring: () => void): Promise<LoadResult> {
  const payload = payloadOf(spec.size);
  const chat = connection.chat();
  const meter: Meter = { ops: 0, recorder: new LatencyRecorder() };
  const loops = startCallLoops(1, () => chat.roundTrip(payload), meter);
  let result: LoadResult | undefined;
  try {
    result = await measureWindow(meter, spec, onMeasuring);
  } finally {
    await loops.stop();
    await chat.close();
  }
  return result;
}

/** S7: the S1 probe alone, then with a bulk stream saturating the same connection. */
async function runFairness(connection: PeerConnection, spec: FairnessSpec, onMeasuring: () => void): Promise<FairnessResult> {
  const probe = { kind: "unary", size: spec.size, inflight: 1, warmupMs: spec.warmupMs, durationMs: spec.durationMs } as const;
  // The probe alone is not the window the orchestrator measures: its marks would only mislead.
  const { allocMarks: _aloneMarks, ...alone } = await runUnary(connection, probe, () => {});
  let bulkBytes = 0;
  const bulk = connection.pump(spec.bulkSize, (bytes) => {
    bulkBytes += bytes;
  });
  let bulkStart = 0;
  let loaded: LoadResult | undefined;
  let bulkMBps = 0;
  try {
    loaded = await runUnary(connection, probe, () => {
      bulkBytes = 0;
      bulkStart = performance.now();
      onMeasuring();
    });
    bulkMBps = (bulkBytes / (performance.now() - bulkStart)) * 1000 / 1e6;
  } finally {
    bulk.stop();
    await bulk.done;
  }
  return { ...loaded, alone, bulkMBps };
}
