import { describe, expect, test } from "bun:test";
import { ErrorCode, WireError, type WireStream } from "@strand/wire";
import { connectWire, listenWire } from "../src/index.ts";
import { echoServer } from "./echo-server.ts";

const te = new TextEncoder();

async function collect(stream: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const m of stream) out.push(m);
  return out;
}

describe("wire sessions over loopback TCP", () => {
  test("echo over TCP and over a unix socket", async () => {
    await using server = echoServer();
    const session = await connectWire({ address: { hostname: "127.0.0.1", port: server.port! } });
    const s = session.openStream(te.encode("h"), { message: te.encode("ping"), end: true });
    expect((await collect(s)).map((m) => new TextDecoder().decode(m))).toEqual(["ping"]);
    session.close();

    const path = `/tmp/strand-wire-${process.pid}-${Date.now()}.sock`;
    await using unixServer = listenWire({ address: { unix: path }, onStream: (st) => void st.headers().then((h) => { st.respond(h, { message: te.encode("unix"), end: true }); }) });
    const unixSession = await connectWire({ address: { unix: path } });
    const u = unixSession.openStream(te.encode("h"), { end: true });
    expect(new TextDecoder().decode((await collect(u))[0]!)).toBe("unix");
    unixSession.close();
    void unixServer;
  });

  test("10,000 concurrent streams on one connection all complete", async () => {
    await using server = echoServer({ maxConcurrentStreams: 10_000 });
    const session = await connectWire({ address: { hostname: "127.0.0.1", port: server.port! } });
    await session.ping(); // SETTINGS exchanged: the server's stream limit is known
    const streams: WireStream[] = [];
    for (let i = 0; i < 10_000; i++) {
      const body = new Uint8Array(8);
      new DataView(body.buffer).setUint32(0, i);
      streams.push(session.openStream(te.encode("h"), { message: body, end: true }));
    }
    expect(session.activeStreams).toBe(10_000);
    const results = await Promise.all(streams.map((s) => collect(s)));
    results.forEach((messages, i) => {
      expect(messages.length).toBe(1);
      expect(new DataView(messages[0]!.buffer, messages[0]!.byteOffset).getUint32(0)).toBe(i);
    });
    expect(session.activeStreams).toBe(0);
    session.close();
  });

  test("streams beyond the peer's concurrency limit wait, then all complete", async () => {
    await using server = echoServer({ maxConcurrentStreams: 4 });
    const session = await connectWire({ address: { hostname: "127.0.0.1", port: server.port! } });
    await session.ping();
    const streams = Array.from({ length: 50 }, (_, i) => session.openStream(te.encode("h"), { message: te.encode(String(i)), end: true }));
    const results = await Promise.all(streams.map((s) => collect(s)));
    expect(results.map((r) => new TextDecoder().decode(r[0]!))).toEqual(Array.from({ length: 50 }, (_, i) => String(i)));
    session.close();
  });

  test("a 16 MiB message interleaves with small messages on other streams", async () => {
    const big = 16 * 1024 * 1024;
    const events: string[] = [];
    await using server = listenWire({
      address: { hostname: "127.0.0.1", port: 0 },
      config: { maxMessageSize: big },
      onStream(stream) {
        void (async () => {
          const kind = new TextDecoder().decode(await stream.headers());
          stream.respond(new Uint8Array(0));
          for await (const m of stream) {
            events.push(kind === "big" ? "big" : "small");
            await stream.send(kind === "big" ? te.encode(String(m.length)) : m);
          }
          stream.end();
        })().catch(() => {});
      },
    });
    const session = await connectWire({ address: { hostname: "127.0.0.1", port: server.port! }, config: { maxMessageSize: big } });
    await session.ping();
    const bigStream = session.openStream(te.encode("big"));
    const payload = new Uint8Array(big).fill(7);
    const bigSent = bigStream.send(payload).then(() => bigStream.end());
    const small = session.openStream(te.encode("small"));
    let echoed = 0;
    const reader = small[Symbol.asyncIterator]();
    for (let i = 0; i < 20; i++) {
      await small.send(te.encode(`m${i}`));
      const r = await reader.next();
      expect(new TextDecoder().decode(r.value!)).toBe(`m${i}`);
      echoed++;
    }
    small.end();
    await bigSent;
    const bigReply = await collect(bigStream);
    expect(new TextDecoder().decode(bigReply[0]!)).toBe(String(big));
    expect(echoed).toBe(20);
    // All 20 small round trips completed before the big message finished arriving at the server.
    expect(events.indexOf("big")).toBe(20);
    session.close();
  });

  test("a reader that stops reading bounds what the sender buffers", async () => {
    const window = 64 * 1024;
    let serverStream: WireStream | undefined;
    await using server = listenWire({
      address: { hostname: "127.0.0.1", port: 0 },
      config: { initialStreamWindow: window, initialConnectionWindow: 1024 * 1024, maxWindow: window },
      onStream(stream) {
        serverStream = stream;
        stream.respond(new Uint8Array(0)); // ...and never reads.
      },
    });
    const session = await connectWire({ address: { hostname: "127.0.0.1", port: server.port! } });
    const stream = session.openStream(te.encode("h"));
    const chunk = new Uint8Array(4096);
    let accepted = 0;
    const producer = (async () => {
      for (let i = 0; i < 1000; i++) {
        await stream.send(chunk);
        accepted += chunk.length;
      }
    })().catch(() => {});
    // Let the pipeline settle: progress stops once the window is used up.
    let last = -1;
    while (accepted !== last) {
      last = accepted;
      await Bun.sleep(50);
    }
    expect(accepted).toBeLessThan(1000 * chunk.length);
    expect(accepted).toBeLessThanOrEqual(window + 2 * chunk.length);
    expect(accepted).toBeGreaterThanOrEqual(window - chunk.length);
    // The reader resumes: everything flows.
    let received = 0;
    for await (const m of serverStream!) {
      received += m.length;
      if (received === 1000 * chunk.length) break;
    }
    await producer;
    expect(accepted).toBe(1000 * chunk.length);
    session.close();
  });

  test("GOAWAY lets in-flight streams finish and refuses new ones", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    await using server = listenWire({
      address: { hostname: "127.0.0.1", port: 0 },
      onStream(stream) {
        void (async () => {
          stream.respond(new Uint8Array(0));
          for await (const m of stream) {
            await gate;
            await stream.send(m);
          }
          stream.end();
        })().catch(() => {});
      },
    });
    const session = await connectWire({ address: { hostname: "127.0.0.1", port: server.port! } });
    const inFlight = session.openStream(te.encode("h"), { message: te.encode("slow"), end: true });
    await inFlight.headers();
    const closing = server.close();
    while (session.goAwayReceived === undefined) await Bun.sleep(5);
    expect(session.state).toBe("draining");
    expect(() => session.openStream(te.encode("h"))).toThrow(WireError);
    try {
      session.openStream(te.encode("h"));
    } catch (error) {
      expect((error as WireError).code).toBe(ErrorCode.RefusedStream);
    }
    release();
    const got = await collect(inFlight);
    expect(new TextDecoder().decode(got[0]!)).toBe("slow");
    await closing;
    expect(await session.closed).toBeUndefined();
  });
});
