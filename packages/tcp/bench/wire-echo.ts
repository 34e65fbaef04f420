/**
 * Message echo over one connection, 64 B messages, 1 and 64 in flight: Strand wire sessions
 * against a raw length-prefixed Bun.listen/Bun.connect echo, measured in the same run.
 *
 *   npx bun packages/tcp/bench/wire-echo.ts [--seconds 3]
 *
 * Servers run in a separate process; the client runs here. Prints messages/s and ratios.
 */
import { connectWire } from "../src/index.ts";
import type { Session } from "@strand/wire";

const seconds = Number(process.argv[process.argv.indexOf("--seconds") + 1]) || 3;
const SIZE = 64;
const payload = new Uint8Array(SIZE).fill(42);
const here = new URL(".", import.meta.url).pathname;

async function startServer(kind: "raw" | "strand"): Promise<{ port: number; stop(): void }> {
  const proc = Bun.spawn([process.execPath, `${here}echo-server.ts`, kind], { stdin: "pipe", stdout: "pipe", stderr: "inherit" });
  const reader = proc.stdout.getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`${kind} server exited`);
    text += new TextDecoder().decode(value);
  }
  return { port: Number(text.trim()), stop: () => { proc.stdin.end(); proc.kill(); } };
}

/** Runs `inflight` concurrent loops of `once` for the given time; returns completions per second. */
async function measure(inflight: number, once: () => Promise<void>, durationMs: number): Promise<number> {
  let done = 0;
  let running = true;
  const warm = performance.now() + 300;
  let start = 0;
  const loops = Array.from({ length: inflight }, async () => {
    while (running) {
      await once();
      if (start === 0 && performance.now() >= warm) { start = performance.now(); done = 0; }
      done++;
    }
  });
  await Bun.sleep(300 + durationMs);
  running = false;
  const elapsed = performance.now() - start;
  await Promise.all(loops);
  return (done / elapsed) * 1000;
}

async function rawClient(port: number): Promise<{ echo(): Promise<void>; close(): void }> {
  const waiters: Array<() => void> = [];
  let buf = new Uint8Array(0);
  let out: Uint8Array[] = [];
  let scheduled = false;
  const socket = await Bun.connect({
    hostname: "127.0.0.1",
    port,
    socket: {
      binaryType: "uint8array",
      data(_s, chunk: Uint8Array) {
        const all = buf.length === 0 ? chunk : new Uint8Array([...buf, ...chunk]);
        let off = 0;
        while (all.length - off >= 4 + SIZE) {
          off += 4 + SIZE;
          waiters.shift()?.();
        }
        buf = all.slice(off);
      },
    },
  });
  socket.setNoDelay?.(true);
  const frame = new Uint8Array(4 + SIZE);
  new DataView(frame.buffer).setUint32(0, SIZE);
  frame.set(payload, 4);
  return {
    echo() {
      return new Promise<void>((resolve) => {
        waiters.push(resolve);
        out.push(frame);
        if (!scheduled) {
          scheduled = true;
          setImmediate(() => {
            scheduled = false;
            const batch = new Uint8Array(out.length * frame.length);
            out.forEach((f, i) => batch.set(f, i * frame.length));
            out = [];
            socket.write(batch);
          });
        }
      });
    },
    close: () => socket.end(),
  };
}

async function strandUnary(session: Session): Promise<void> {
  const stream = session.openStream(EMPTY, { message: payload, end: true });
  for await (const _ of stream);
}
const EMPTY = new Uint8Array(0);

const results: Record<string, number> = {};
const raw = await startServer("raw");
const strand = await startServer("strand");
try {
  const rc = await rawClient(raw.port);
  const session = await connectWire({ address: { hostname: "127.0.0.1", port: strand.port } });
  await session.ping();
  // One request stream, messages echoed in order: completions resolve the oldest waiter.
  const bidi = session.openStream(EMPTY);
  const waiting: Array<() => void> = [];
  let head = 0;
  bidi.listen({
    onHeaders() {},
    onMessage() {
      waiting[head++]!();
      if (head > 1024) {
        waiting.splice(0, head);
        head = 0;
      }
      bidi.request(1);
    },
    onEnd() {},
    onError() {},
  });
  bidi.request(1);
  const bidiEcho = (): Promise<void> =>
    new Promise<void>((resolve) => {
      waiting.push(resolve);
      void bidi.write(payload);
    });
  for (const inflight of [1, 64]) {
    const ms = seconds * 1000;
    results[`raw@${inflight}`] = await measure(inflight, () => rc.echo(), ms);
    results[`strand stream-per-message@${inflight}`] = await measure(inflight, () => strandUnary(session), ms);
    results[`strand one-stream@${inflight}`] = await measure(inflight, bidiEcho, ms);
  }
  bidi.end();
  rc.close();
  session.close();
} finally {
  raw.stop();
  strand.stop();
}

console.log(`wire echo, ${SIZE} B messages, ${seconds} s per case, server in a separate process`);
console.log("case                                   msgs/s    vs raw");
for (const [name, value] of Object.entries(results)) {
  const inflight = name.split("@")[1];
  const base = results[`raw@${inflight}`]!;
  console.log(`${name.padEnd(36)} ${value.toFixed(0).padStart(9)}  ${((value / base) * 100).toFixed(0).padStart(5)} %`);
}
