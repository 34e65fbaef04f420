/**
 * The warm-up/measure split every load uses: the load runs continuously, counters and histograms
 * are reset when the warm-up ends (so ramp-up is excluded but the steady state is not disturbed),
 * and `onMeasuring` fires at that instant so the orchestrator can sample the server's CPU.
 * Node-compatible.
 */
import { socketBytesWritten } from "../peers/socket-bytes.ts";
import { markAllocation } from "./alloc-mark.ts";
import type { LatencyRecorder } from "./latency-recorder.ts";
import type { LoadResult, Timing } from "./scenario-spec.ts";

/** Counts completions; `recorder` (optional) gets latencies. Reset at the window start. */
export interface Meter {
  ops: number;
  readonly recorder: LatencyRecorder | undefined;
}

/** Sleeps `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Client CPU (user + system) so far. Microseconds. */
export function cpuNowUs(): number {
  const cpu = process.cpuUsage();
  return cpu.user + cpu.system;
}

/**
 * Waits out the warm-up, resets `meter`, waits out the window and returns what happened in it.
 * The load itself must already be running and keep running until this resolves.
 */
export async function measureWindow(meter: Meter, timing: Timing, onMeasuring: () => void): Promise<LoadResult> {
  await sleep(timing.warmupMs);
  meter.ops = 0;
  meter.recorder?.reset();
  onMeasuring();
  const markStart = markAllocation();
  const cpuStart = cpuNowUs();
  const bytesStart = socketBytesWritten();
  const start = performance.now();
  await sleep(timing.durationMs);
  const ops = meter.ops;
  const seconds = (performance.now() - start) / 1000;
  const clientCpuUs = cpuNowUs() - cpuStart;
  const bytesEnd = socketBytesWritten();
  // Before the latency summary, which allocates: the histogram's work is not the load's.
  const markEnd = markAllocation();
  const latency = meter.recorder?.summary();
  const bytes = bytesStart === undefined || bytesEnd === undefined ? {} : { clientBytesOut: bytesEnd - bytesStart };
  const marks = markStart === undefined || markEnd === undefined ? {} : { allocMarks: { start: markStart, end: markEnd } };
  return { ops, seconds, rate: ops / seconds, clientCpuUs, ...(latency ? { latency } : {}), ...bytes, ...marks };
}
