/**
 * Sums a `.cpuprofile` (Bun's `--cpu-prof`) by concern: which part of the stack a unary call's
 * CPU goes to. Self time is grouped by the source file of the frame, native frames by the nearest
 * JavaScript caller — except the socket write, the system call in which the kernel also delivers
 * the bytes to the peer over loopback, which is its own group. Shares, and µs per call when the
 * CPU time per call measured without the profiler is given:
 *
 *   bun src/profile/cpu-profile-groups.ts FILE.cpuprofile [µs-per-call]
 *
 * Inlined callees count toward their caller (a sampling profiler sees the machine code), so a
 * group is a neighbourhood rather than an exact sum; the socket write is reliable.
 */

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
}
interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
}

const SOCKET_WRITE = "socket write (system call, loopback delivery included)";

/** Concern → the files whose frames belong to it. */
const GROUPS: Readonly<Record<string, readonly string[]>> = {
  "call objects, dispatch, promises (rpc, tcp)": ["dispatcher.ts", "server-call.ts", "receive-slot.ts", "client-call.ts", "client-terminal.ts", "client.ts", "wire-server-call.ts", "wire-client-call.ts", "pooled-channel.ts", "server.ts", "wire-listener.ts", "compression-options.ts", "node:async_hooks", "deadline.ts", "handler-tally.ts", "pick-first.ts", "subchannel.ts", "round-robin.ts"],
  "stream objects and state (WireStream, send queue, credit)": ["stream-inbound.ts", "stream.ts", "send-queue.ts", "window.ts", "receive-credit.ts", "stream-state.ts", "recv-queue.ts", "outbound.ts"],
  "message codec (encode, decode, their copies)": ["bench.ts", "binary-writer.ts", "binary-reader.ts", "append-encoded.ts", "init-message.ts"],
  "framing and write scheduling": ["write-scheduler.ts", "stream-framer.ts", "frame-writer.ts", "message-layout.ts", "flush-timing.ts", "session-streams.ts", "window-tuner.ts", "socket-channel.ts", "write-counter.ts"],
  "frame parsing and routing": ["frame-decoder.ts", "frame-router.ts", "recv.ts", "session.ts", "socket-handler.ts", "header-blocks.ts", "read-gate.ts", "session-counters.ts"],
  "header blocks (path, deadline, metadata, status)": ["header-decoder.ts", "header-encoder.ts", "metadata.ts", "server-trailers.ts", "router.ts"],
  "stream table (ID → stream)": ["stream-table.ts", "stream-index.ts"],
};
const GROUP_OF = new Map(Object.entries(GROUPS).flatMap(([group, files]) => files.map((file) => [file, group] as const)));

/** Self samples per concern, largest first. */
export function groupProfile(profile: CpuProfile): { group: string; samples: number }[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const sums = new Map<string, number>();
  for (const id of profile.samples) {
    const group = groupOf(id, byId, parent);
    sums.set(group, (sums.get(group) ?? 0) + 1);
  }
  return [...sums].map(([group, samples]) => ({ group, samples })).sort((a, b) => b.samples - a.samples);
}

function groupOf(id: number, byId: ReadonlyMap<number, ProfileNode>, parent: ReadonlyMap<number, number>): string {
  const frame = byId.get(id)!.callFrame;
  if (frame.url === "" && frame.functionName === "write") return SOCKET_WRITE;
  let at: number | undefined = id;
  while (at !== undefined && byId.get(at)!.callFrame.url === "") at = parent.get(at);
  if (at === undefined) return "runtime (event loop, collector)";
  const file = byId.get(at)!.callFrame.url.split("/").pop()!;
  return GROUP_OF.get(file) ?? "other (runtime, the profiling harness)";
}

if (import.meta.main) {
  const [file, perCall] = process.argv.slice(2);
  if (file === undefined) throw new Error("usage: cpu-profile-groups.ts FILE.cpuprofile [µs-per-call]");
  const groups = groupProfile((await Bun.file(file).json()) as CpuProfile);
  const total = groups.reduce((sum, g) => sum + g.samples, 0);
  const us = perCall === undefined ? undefined : Number(perCall);
  console.log(`| concern | share | ${us === undefined ? "" : "µs per call |"}`);
  console.log(`| --- | --- | ${us === undefined ? "" : "--- |"}`);
  for (const g of groups) {
    const share = g.samples / total;
    console.log(`| ${g.group} | ${(share * 100).toFixed(0)} % | ${us === undefined ? "" : `${(share * us).toFixed(2)} |`}`);
  }
}
