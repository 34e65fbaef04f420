import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { X509Certificate } from "node:crypto";
import { Code, createClient, createServer, type PeerCertificate, type ServerOptions } from "strand";
import { TestService } from "@strand/rpc/testing";
import { testChannel } from "../support/channel.ts";
import { listenLocal } from "../support/listen.ts";
import { createPki, type Issued, type TestPki } from "../support/pki.ts";
import { rpcFailure } from "../support/rpc-failure.ts";

const SPIFFE_ID = "spiffe://example.org/ns/default/sa/web";
let pki: TestPki;
let serverPair: Issued; // CA "ca1", for localhost / 127.0.0.1
let clientA: Issued; // CA "ca1"
let workload: Issued; // CA "ca1", with a SPIFFE URI SAN
let intruder: Issued; // CA "ca2", which the server does not trust
beforeAll(() => {
  pki = createPki();
  const ca1 = pki.ca("ca1");
  serverPair = ca1.issue("localhost", ["DNS:localhost", "IP:127.0.0.1"]);
  clientA = ca1.issue("client-a", ["DNS:client-a.example"]);
  workload = ca1.issue("web", [`URI:${SPIFFE_ID}`]);
  intruder = pki.ca("ca2").issue("intruder", ["DNS:intruder.example"]);
});
afterAll(() => pki[Symbol.dispose]());

/** A server whose `echo` records every `ctx.peerCertificate` it sees. */
async function mtlsServer(tls: Partial<NonNullable<ServerOptions["tls"]>> = {}) {
  const seen: (PeerCertificate | undefined)[] = [];
  const server = createServer({ tls: { key: serverPair.key, cert: serverPair.cert, ca: serverPair.ca, requestCert: true, ...tls } }).add(TestService, {
    echo(req, ctx) {
      seen.push(ctx.peerCertificate);
      return { ...req, text: String(ctx.peerCertificate?.subject.CN) };
    },
  });
  return { server, seen, target: await listenLocal(server) };
}

/** Client TLS options presenting `identity` (or no certificate). */
const clientTls = (identity?: Issued) => ({ ca: serverPair.ca, ...(identity ? { key: identity.key, cert: identity.cert } : {}) });

describe("mTLS: createServer({ tls: { key, cert, ca, requestCert: true } })", () => {
  test("a client without a certificate is refused: Unavailable with the reason, no handler runs", async () => {
    const { server, seen, target } = await mtlsServer();
    await using _ = server;
    using channel = testChannel(target, { tls: clientTls() });
    const error = await rpcFailure(createClient(TestService, channel).echo({ text: "x" }, { timeoutMs: 20_000 }));
    expect(error.code).toBe(Code.Unavailable);
    expect(error.message).toMatch(/CERTIFICATE_REQUIRED/);
    expect(seen).toEqual([]);
  });

  test("a client certificate from another CA is refused", async () => {
    const { server, seen, target } = await mtlsServer();
    await using _ = server;
    using channel = testChannel(target, { tls: clientTls(intruder) });
    const error = await rpcFailure(createClient(TestService, channel).echo({ text: "x" }, { timeoutMs: 20_000 }));
    expect(error.code).toBe(Code.Unavailable);
    expect(error.message).toMatch(/client certificate/);
    expect(seen).toEqual([]);
  });

  test("a verified client: ctx.peerCertificate is Bun's certificate object, read once per connection", async () => {
    const { server, seen, target } = await mtlsServer();
    await using _ = server;
    using channel = testChannel(target, { tls: clientTls(clientA) });
    const client = createClient(TestService, channel);
    expect((await client.echo({ text: "x" })).text).toBe("client-a");
    await client.echo({ text: "again" });
    const [first, second] = seen;
    expect(first?.subject.CN).toBe("client-a");
    expect(first?.issuer.CN).toBe("ca1");
    expect(first?.subjectaltname).toBe("DNS:client-a.example");
    expect(first?.fingerprint256).toBe(new X509Certificate(clientA.cert).fingerprint256);
    expect(second).toBe(first!); // the same object: recorded at the handshake, not per call
  });

  test("a SPIFFE workload identity shows in subjectaltname", async () => {
    const { server, seen, target } = await mtlsServer();
    await using _ = server;
    using channel = testChannel(target, { tls: clientTls(workload) });
    expect((await createClient(TestService, channel).echo({ text: "x" })).text).toBe("web");
    expect(seen[0]?.subjectaltname).toBe(`URI:${SPIFFE_ID}`);
  });

  test("rejectUnauthorized: false admits anyone, but only a verified certificate is exposed", async () => {
    const { server, seen, target } = await mtlsServer({ rejectUnauthorized: false });
    await using _ = server;
    for (const identity of [undefined, intruder, clientA]) {
      using channel = testChannel(target, { tls: clientTls(identity) });
      await createClient(TestService, channel).echo({ text: "x" });
    }
    expect(seen.map((c) => c?.subject.CN)).toEqual([undefined, undefined, "client-a"]);
  });

  test("without TLS, or without requestCert, ctx.peerCertificate is undefined", async () => {
    for (const options of [{}, { tls: { key: serverPair.key, cert: serverPair.cert } }]) {
      const seen: unknown[] = ["unset"];
      await using server = createServer(options).add(TestService, { echo: (req, ctx) => ((seen[0] = ctx.peerCertificate), req) });
      using channel = testChannel(await listenLocal(server), "tls" in options ? { tls: clientTls(clientA) } : {});
      await createClient(TestService, channel).echo({ text: "x" });
      expect(seen[0]).toBeUndefined();
    }
  });
});
