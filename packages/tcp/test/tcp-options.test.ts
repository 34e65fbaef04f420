import { describe, expect, test } from "bun:test";
import { createChannel, createServer } from "../src/index.ts";

describe("options are checked at construction", () => {
  test("a bad wire value throws from createServer, naming it — not from listen()", () => {
    expect(() => createServer({ wire: { maxFramePayload: 1 } })).toThrow(/wire config: "maxFramePayload"/);
    expect(() => createServer({ wire: { keepaliveIntervalMs: -5 } })).toThrow(/wire config: "keepaliveIntervalMs"/);
    expect(() => createServer({ wire: { noSuchOption: 1 } as never })).toThrow(/wire config: unknown option "noSuchOption"/);
  });

  test("a bad wire value throws from createChannel, instead of failing every call with Unavailable", () => {
    expect(() => createChannel("127.0.0.1:1", { wire: { maxConcurrentStreams: 0.5 } })).toThrow(/wire config: "maxConcurrentStreams"/);
    expect(() => createChannel("127.0.0.1:1", { wire: { noSuchOption: 1 } as never })).toThrow(/wire config: unknown option "noSuchOption"/);
  });

  test("a server's tls needs a key and a certificate that load and match", () => {
    expect(() => createServer({ tls: { cert: "x" } })).toThrow(/tls needs both key and cert/);
    expect(() => createServer({ tls: { key: "not a pem", cert: "not a pem" } })).toThrow(/createServer: invalid tls options/);
    expect(() => createServer({ tls: { key: Bun.file("/nonexistent/strand.key"), cert: Bun.file("/nonexistent/strand.pem") } })).toThrow(/ENOENT/);
    expect(() => createChannel("127.0.0.1:1", { tls: "yes" as never })).toThrow(/tls must be/);
  });
});
