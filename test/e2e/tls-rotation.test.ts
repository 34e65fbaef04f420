import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Code, createClient, createServer } from "strand";
import { TestService } from "@strand/rpc/testing";
import { testChannel } from "../support/channel.ts";
import { listenLocal } from "../support/listen.ts";
import { createPki, type Issued, type TestPki } from "../support/pki.ts";
import { rpcFailure } from "../support/rpc-failure.ts";

let pki: TestPki;
let pair1: Issued; // CA "ca1"
let pair2: Issued; // CA "ca2"
let client1: Issued; // client certificate from CA "ca1"
let client2: Issued; // client certificate from CA "ca2"
beforeAll(() => {
  pki = createPki();
  const ca1 = pki.ca("ca1");
  const ca2 = pki.ca("ca2");
  pair1 = ca1.issue("localhost", ["DNS:localhost", "IP:127.0.0.1"]);
  pair2 = ca2.issue("localhost", ["DNS:localhost", "IP:127.0.0.1"]);
  client1 = ca1.issue("client-1", ["DNS:client-1.example"]);
  client2 = ca2.issue("client-2", ["DNS:client-2.example"]);
});
afterAll(() => pki[Symbol.dispose]());

const echoServer = (tls: Parameters<typeof createServer>[0]) => createServer(tls).add(TestService, { echo: (req) => req });

describe("certificate rotation: server.updateTls({ key, cert, ca? })", () => {
  test("new connections get the new pair; an open connection goes on with the old one", async () => {
    await using server = echoServer({ tls: { key: pair1.key, cert: pair1.cert } });
    const target = await listenLocal(server);
    using a = testChannel(target, { tls: { ca: pair1.ca } });
    const clientA = createClient(TestService, a);
    expect((await clientA.echo({ text: "a1" })).text).toBe("a1");

    await server.updateTls({ key: pair2.key, cert: pair2.cert });

    using b = testChannel(target, { tls: { ca: pair2.ca } });
    expect((await createClient(TestService, b).echo({ text: "b" })).text).toBe("b");
    expect((await clientA.echo({ text: "a2" })).text).toBe("a2"); // still its first connection
    expect(server.connections).toBe(2);

    using c = testChannel(target, { tls: { ca: pair1.ca } });
    const refused = await rpcFailure(createClient(TestService, c).echo({ text: "c" }, { timeoutMs: 20_000 }));
    expect(refused.code).toBe(Code.Unavailable);
    expect(refused.message).toMatch(/UNABLE_TO_VERIFY_LEAF_SIGNATURE/);
  });

  test("ca rotates the CAs that client certificates must chain to", async () => {
    await using server = echoServer({ tls: { key: pair1.key, cert: pair1.cert, ca: pair1.ca, requestCert: true } });
    const target = await listenLocal(server);
    const call = async (identity: Issued) => {
      using channel = testChannel(target, { tls: { ca: pair1.ca, key: identity.key, cert: identity.cert } });
      return await createClient(TestService, channel).echo({ text: "x" }, { timeoutMs: 20_000 });
    };
    expect((await call(client1)).text).toBe("x");
    await server.updateTls({ key: pair1.key, cert: pair1.cert, ca: client2.ca });
    expect((await call(client2)).text).toBe("x");
    expect((await rpcFailure(call(client1))).code).toBe(Code.Unavailable);
  });

  test("a bad pair is refused and the current one stays; a server without tls cannot rotate", async () => {
    await using server = echoServer({ tls: { key: pair1.key, cert: pair1.cert } });
    const target = await listenLocal(server);
    await expect(server.updateTls({ key: pair2.key, cert: pair1.cert })).rejects.toThrow(/updateTls: invalid tls options/);
    using channel = testChannel(target, { tls: { ca: pair1.ca } });
    expect((await createClient(TestService, channel).echo({ text: "still" })).text).toBe("still");
    await using plain = echoServer({});
    await expect(plain.updateTls({ key: pair1.key, cert: pair1.cert })).rejects.toThrow(/without tls/);
  });
});
