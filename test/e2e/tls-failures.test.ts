import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Code, createClient, createServer, type ChannelOptions } from "strand";
import { TestService } from "@strand/rpc/testing";
import { testChannel } from "../support/channel.ts";
import { listenLocal } from "../support/listen.ts";
import { createPki, type Issued, type TestPki } from "../support/pki.ts";
import { rpcFailure } from "../support/rpc-failure.ts";
import { selfSignedCertificate, type TestCertificate } from "../support/self-signed.ts";

let pki: TestPki;
let selfSigned: TestCertificate;
let trusted: Issued; // CA "good", for localhost and 127.0.0.1
let expired: Issued; // CA "good", expired in 2020
let dnsOnly: Issued; // CA "good", localhost only: no IP SAN
let foreign: Issued; // CA "other", which clients do not trust
beforeAll(async () => {
  selfSigned = await selfSignedCertificate();
  pki = createPki();
  const good = pki.ca("good");
  trusted = good.issue("localhost", ["DNS:localhost", "IP:127.0.0.1"]);
  expired = good.issue("localhost", ["DNS:localhost", "IP:127.0.0.1"], { expired: true });
  dnsOnly = good.issue("localhost", ["DNS:localhost"]);
  foreign = pki.ca("other").issue("localhost", ["DNS:localhost", "IP:127.0.0.1"]);
});
afterAll(() => pki[Symbol.dispose]());

/**
 * A call to a TLS server with `serverTls` from a channel with `channelTls`: it must fail with
 * `Unavailable` whose message holds `reason` — soon, not at its (generous) deadline.
 */
async function expectFastFailure(serverTls: { key: string; cert: string }, channelTls: ChannelOptions["tls"], reason: RegExp): Promise<void> {
  let handled = 0;
  await using server = createServer({ tls: { key: serverTls.key, cert: serverTls.cert } }).add(TestService, { echo: (req) => (handled++, req) });
  using channel = testChannel(await listenLocal(server), { tls: channelTls! });
  const error = await rpcFailure(createClient(TestService, channel).echo({ text: "x" }, { timeoutMs: 20_000 }));
  expect(error.code).not.toBe(Code.DeadlineExceeded);
  expect(error.code).toBe(Code.Unavailable);
  expect(error.message).toMatch(reason);
  expect(handled).toBe(0);
}

describe("every TLS failure fails fast with Unavailable and its reason", () => {
  test("an untrusted self-signed certificate, IP target, no serverName — whatever the other options", async () => {
    // `rejectUnauthorized: undefined` is what plain JavaScript (or an options spread) can hand over.
    for (const tls of [{}, { ca: undefined }, { requestCert: false }, { rejectUnauthorized: undefined } as never, true] as ChannelOptions["tls"][]) {
      await expectFastFailure(selfSigned, tls, /DEPTH_ZERO_SELF_SIGNED_CERT|self.signed/i);
    }
  });

  test("a certificate from a CA the client does not trust", async () => {
    await expectFastFailure(foreign, { ca: trusted.ca }, /UNABLE_TO_VERIFY_LEAF_SIGNATURE|unable to verify/i);
    await expectFastFailure(foreign, { ca: trusted.ca, serverName: "localhost" }, /UNABLE_TO_VERIFY_LEAF_SIGNATURE|unable to verify/i);
  });

  test("an expired certificate", async () => {
    await expectFastFailure(expired, { ca: expired.ca }, /CERT_HAS_EXPIRED|expired/i);
  });

  test("a certificate for another name: serverName that does not match, or an IP target it does not list", async () => {
    await expectFastFailure(trusted, { ca: trusted.ca, serverName: "wrong.example" }, /wrong\.example/);
    await expectFastFailure(dnsOnly, { ca: dnsOnly.ca }, /127\.0\.0\.1/);
  });

  test("control: the trusted certificate works to the IP target without serverName", async () => {
    await using server = createServer({ tls: { key: trusted.key, cert: trusted.cert } }).add(TestService, { echo: (req) => req });
    using channel = testChannel(await listenLocal(server), { tls: { ca: trusted.ca } });
    expect((await createClient(TestService, channel).echo({ text: "ok" })).text).toBe("ok");
  });
});
