import { beforeAll, describe, expect, test } from "bun:test";
import { Code, createClient, createServer } from "strand";
import { TestService } from "@strand/rpc/testing";
import { testChannel } from "../support/channel.ts";
import { listenLocal, portOf } from "../support/listen.ts";
import { rpcFailure } from "../support/rpc-failure.ts";
import { selfSignedCertificate, type TestCertificate } from "../support/self-signed.ts";

let pems: TestCertificate;
let clientHello: Uint8Array;
beforeAll(async () => {
  pems = await selfSignedCertificate();
  clientHello = await captureClientHello();
});

/** The first TLS record of a Bun TLS client (its ClientHello), recorded by a plain listener. */
async function captureClientHello(): Promise<Uint8Array> {
  let got!: (bytes: Uint8Array) => void;
  const captured = new Promise<Uint8Array>((resolve) => (got = resolve));
  let bytes = new Uint8Array(0);
  const recorder = Bun.listen({
    hostname: "127.0.0.1",
    port: 0,
    socket: {
      binaryType: "uint8array",
      data(socket, chunk: Uint8Array) {
        bytes = new Uint8Array([...bytes, ...chunk]);
        // A TLS record: type, version (2 bytes), length (2 bytes), then that many bytes.
        if (bytes.length < 5 || bytes.length < 5 + ((bytes[3]! << 8) | bytes[4]!)) return;
        got(bytes);
        socket.end();
      },
    },
  });
  const client = Bun.connect({ hostname: "127.0.0.1", port: recorder.port, tls: { rejectUnauthorized: false }, socket: { data() {}, handshake() {} } });
  const hello = await captured;
  (await client.catch(() => undefined))?.terminate();
  recorder.stop(true);
  return hello;
}

/**
 * A TLS handshake that is under way at the server and stays so: a raw socket sends a ClientHello
 * and waits for the server's answer (so the server has accepted it and is mid-handshake), then
 * sends nothing more. `close()` hangs up and resolves once the server closed its side.
 */
async function stalledHandshake(port: number): Promise<{ close(): Promise<void> }> {
  let answered!: () => void;
  let closed!: () => void;
  const answer = new Promise<void>((resolve) => (answered = resolve));
  const gone = new Promise<void>((resolve) => (closed = resolve));
  const socket = await Bun.connect({ hostname: "127.0.0.1", port, socket: { binaryType: "uint8array", data: () => answered(), close: () => closed() } });
  socket.write(clientHello);
  await answer;
  return {
    async close() {
      socket.end();
      await gone;
    },
  };
}

describe("connection limits over TLS", () => {
  test("a TLS handshake in progress counts against maxHandshakes; beyond it the server closes before the handshake", async () => {
    await using server = createServer({ tls: { key: pems.key, cert: pems.cert }, maxHandshakes: 1 }).add(TestService, { echo: (r) => r });
    const target = await listenLocal(server);
    const stalled = await stalledHandshake(portOf(target));
    using channel = testChannel(target, { tls: { ca: pems.cert, serverName: "localhost" }, backoff: { initialMs: 100, maxMs: 100 } });
    const client = createClient(TestService, channel);
    const error = await rpcFailure(client.echo({ text: "x" }, { timeoutMs: 10_000 }));
    expect(error.code).toBe(Code.Unavailable);
    expect(error.message).toContain("the server closed the connection during the TLS handshake");
    await stalled.close(); // its place is free again
    expect((await client.echo({ text: "x" }, { timeoutMs: 10_000, waitForReady: true })).text).toBe("x");
  });

  test("maxConnections refuses a TLS client before its handshake; the connection that holds the place keeps working", async () => {
    await using server = createServer({ tls: { key: pems.key, cert: pems.cert }, maxConnections: 1 }).add(TestService, { echo: (r) => r });
    const target = await listenLocal(server);
    const tls = { ca: pems.cert, serverName: "localhost" };
    using first = testChannel(target, { tls });
    expect((await createClient(TestService, first).echo({ text: "a" })).text).toBe("a");
    using second = testChannel(target, { tls });
    const error = await rpcFailure(createClient(TestService, second).echo({ text: "b" }, { timeoutMs: 10_000 }));
    expect(error.code).toBe(Code.Unavailable);
    expect(error.message).toContain("closed the connection during the TLS handshake");
    expect((await createClient(TestService, first).echo({ text: "c" })).text).toBe("c");
  });
});
