/**
 * Echo servers for the wire benchmark, run in their own process:
 *   bun echo-server.ts raw|strand  → prints the port, echoes until stdin closes.
 */
import { listenWire } from "../src/index.ts";
import type { WireStream } from "@strand/wire";

const kind = process.argv[2];

function rawServer(): number {
  // Length-prefixed (u32 BE) messages; every reply produced by one data chunk goes out in one write.
  const server = Bun.listen<{ buf: Uint8Array; pending: Uint8Array | undefined }>({
    hostname: "127.0.0.1",
    port: 0,
    data: { buf: new Uint8Array(0), pending: undefined },
    socket: {
      binaryType: "uint8array",
      open(s) {
        s.data = { buf: new Uint8Array(0), pending: undefined };
        s.setNoDelay?.(true);
      },
      data(s, chunk: Uint8Array) {
        let buf = s.data.buf.length === 0 ? chunk : concat(s.data.buf, chunk);
        let off = 0;
        while (buf.length - off >= 4) {
          const len = ((buf[off]! << 24) | (buf[off + 1]! << 16) | (buf[off + 2]! << 8) | buf[off + 3]!) >>> 0;
          if (buf.length - off - 4 < len) break;
          off += 4 + len;
        }
        // Echo whole messages back in one write: the bytes are already framed identically.
        if (off > 0) write(s, buf.subarray(0, off));
        s.data.buf = off === buf.length ? new Uint8Array(0) : buf.slice(off);
      },
      drain(s) {
        const p = s.data.pending;
        s.data.pending = undefined;
        if (p) write(s, p);
      },
    },
  });
  return server.port;
}

function write(s: { write(b: Uint8Array): number; data: { pending: Uint8Array | undefined } }, bytes: Uint8Array): void {
  if (s.data.pending) {
    s.data.pending = concat(s.data.pending, bytes);
    return;
  }
  const n = s.write(bytes);
  if (n < bytes.length) s.data.pending = bytes.slice(Math.max(0, n));
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function strandServer(): number {
  const empty = new Uint8Array(0);
  const listener = listenWire({
    address: { hostname: "127.0.0.1", port: 0 },
    config: { maxConcurrentStreams: 10_000 },
    // Push mode (listen + request + write), the API the RPC layer itself runs on: one callback per
    // message, no iterator promises. Credit is returned as messages are delivered.
    onStream(stream: WireStream) {
      let first = true;
      stream.listen({
        onHeaders() {},
        onMessage(bytes, start, end) {
          const m = bytes.subarray(start, end);
          if (first) {
            first = false;
            stream.respond(empty, { message: m });
          } else void stream.write(m);
          stream.request(1);
        },
        onEnd() {
          stream.end(empty);
        },
        onError() {},
      });
      stream.request(1);
    },
  });
  return listener.port!;
}

const port = kind === "raw" ? rawServer() : strandServer();
console.log(port);
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
