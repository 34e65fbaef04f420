import { expect, test } from "bun:test";
import { createServer } from "strand";
import { TestService } from "@strand/rpc/testing";
import { listenLocal } from "../support/listen.ts";
import { selfSignedCertificate } from "../support/self-signed.ts";

// A TLS server listens on TCP and upgrades each socket; a client that connects and never
// completes its handshake must not hold that socket forever (a slowloris on the handshake).
test("a client that never starts its TLS handshake is disconnected after the handshake deadline", async () => {
  const cert = await selfSignedCertificate();
  await using server = createServer({ tls: { key: cert.key, cert: cert.cert }, wire: { keepaliveTimeoutMs: 1000 } }).add(TestService, { echo: (r) => r });
  const address = await listenLocal(server);
  const [host, port] = address.split(":") as [string, string];
  let closedByServer!: () => void;
  const closed = new Promise<void>((resolve) => (closedByServer = resolve));
  const socket = await Bun.connect({ hostname: host, port: Number(port), socket: { data() {}, close: () => closedByServer(), end: () => closedByServer() } });
  // Liveness, not timing: the server ends the socket well before this generous bound.
  const outcome = await Promise.race([closed.then(() => "closed"), Bun.sleep(15_000).then(() => "still open")]);
  socket.terminate();
  expect(outcome).toBe("closed");
}, 20_000);
