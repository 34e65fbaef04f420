/**
 * Where one call in flight spends its time (issue 20, S1): each process of a peer pair is followed
 * through the kernel's system-call tracepoints while the suite runs S1, and every cycle of its
 * event loop is cut into: woken (epoll returns) → the read returns, the read → the write begins
 * (the peer's JavaScript, Bun's callbacks around it: the part of the round trip a stack adds), and
 * the write → asleep again (the write itself, in which the kernel delivers the bytes over
 * loopback and wakes the other side, then whatever the process does after it). Medians per side,
 * beside the run's p50. Needs Linux `perf` and the right to trace (root).
 *
 *   bun src/profile/syscall-timeline.ts [--peers strand,raw] [--seconds 2]
 *
 * No instrumentation in the code measured, so peers compare as they run in the suite; the
 * tracepoints cost each side about the same few hundred nanoseconds per call.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

function flag(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] !== undefined ? process.argv[at + 1]! : fallback;
}

const peers = flag("peers", "strand,raw").split(",");
const seconds = flag("seconds", "2");
const EVENTS = ["sys_exit_epoll_pwait2", "sys_enter_epoll_pwait2", "sys_exit_recvfrom", "sys_enter_sendto", "sys_enter_listen"];

/** Medians of one thread's cycles, in µs. */
interface Side {
  readonly role: "server" | "client";
  readonly cycles: number;
  readonly wakeToRead: number;
  readonly readToWrite: number;
  readonly writeToSleep: number;
}

function median(values: number[]): number {
  const sorted = values.sort((a, b) => a - b);
  return sorted.length === 0 ? Number.NaN : sorted[sorted.length >> 1]!;
}

/** Cuts every busy thread's trace into cycles; the server is the process that called listen(). */
function sides(script: string): Side[] {
  const line = /^\s*\S+\s+(\d+)\/(\d+)\s+([\d.]+):\s+syscalls:(\w+):/;
  const byThread = new Map<string, { pid: string; events: [number, string][] }>();
  const listeners = new Set<string>();
  for (const text of script.split("\n")) {
    const m = line.exec(text);
    if (m === null) continue;
    const [, pid, tid, time, event] = m as unknown as [string, string, string, string, string];
    if (event === "sys_enter_listen") listeners.add(pid);
    const thread = byThread.get(tid) ?? { pid, events: [] };
    thread.events.push([Number(time) * 1e6, event]);
    byThread.set(tid, thread);
  }
  const busy = [...byThread.values()].filter((t) => t.events.filter(([, e]) => e === "sys_enter_sendto").length >= 1000);
  return busy.map(({ pid, events }) => {
    const wakeToRead: number[] = [];
    const readToWrite: number[] = [];
    const writeToSleep: number[] = [];
    let woke: number | undefined;
    let read: number | undefined;
    let wrote: number | undefined;
    for (const [at, event] of events) {
      if (event === "sys_exit_epoll_pwait2") [woke, read, wrote] = [at, undefined, undefined];
      else if (event === "sys_exit_recvfrom" && woke !== undefined && read === undefined) wakeToRead.push((read = at) - woke);
      else if (event === "sys_enter_sendto" && read !== undefined && wrote === undefined) readToWrite.push((wrote = at) - read);
      else if (event === "sys_enter_epoll_pwait2") {
        if (wrote !== undefined) writeToSleep.push(at - wrote);
        woke = undefined;
      }
    }
    return { role: listeners.has(pid) ? "server" : "client", cycles: readToWrite.length, wakeToRead: median(wakeToRead), readToWrite: median(readToWrite), writeToSleep: median(writeToSleep) };
  });
}

const perf = Bun.which("perf");
if (perf === null) throw new Error("perf is not installed (Debian: linux-perf)");
const work = mkdtempSync(join(tmpdir(), "strand-timeline-"));
try {
  console.log("| peer | p50 | side | cycles | woken → read | read → write | write → asleep |\n| --- | --- | --- | --- | --- | --- | --- |");
  for (const peer of peers) {
    const data = join(work, `${peer}.data`);
    const out = join(work, peer);
    const suite = [process.execPath, join(import.meta.dir, "..", "main.ts"), "--only", "S1", "--peers", peer, "--repeats", "1", "--seconds", seconds, "--out", out];
    const record = Bun.spawnSync([perf, "record", "-q", "-a", "-o", data, ...EVENTS.flatMap((e) => ["-e", `syscalls:${e}`]), "--", ...suite], { stdout: "ignore", stderr: "pipe" });
    if (record.exitCode !== 0) throw new Error(`perf record failed (tracing needs root): ${record.stderr.toString().slice(0, 400)}`);
    const script = Bun.spawnSync([perf, "script", "-i", data, "--ns", "-F", "comm,pid,tid,time,event"], { stdout: "pipe", stderr: "ignore" }).stdout.toString();
    const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8")) as { scenarios: { id: string; peers: { peer: string; summary?: { p50?: number } }[] }[] };
    const p50 = results.scenarios.find((s) => s.id === "S1")?.peers.find((p) => p.peer === peer)?.summary?.p50;
    for (const side of sides(script).sort((a, b) => a.role.localeCompare(b.role))) {
      const us = (v: number): string => `${v.toFixed(1)} µs`;
      console.log(`| ${peer} | ${p50 === undefined ? "–" : us(p50)} | ${side.role} | ${side.cycles} | ${us(side.wakeToRead)} | ${us(side.readToWrite)} | ${us(side.writeToSleep)} |`);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
