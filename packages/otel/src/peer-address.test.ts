import { expect, test } from "bun:test";
import { PeerAddressCache, peerAddress } from "./peer-address.ts";

test("ctx.peer in the forms transports write becomes network.peer.address / port; unknown forms are left out", () => {
  expect(peerAddress("127.0.0.1:53122")).toEqual({ address: "127.0.0.1", port: 53122 });
  expect(peerAddress("[::1]:53122")).toEqual({ address: "::1", port: 53122 });
  expect(peerAddress("unix:/run/x.sock")).toEqual({ address: "/run/x.sock" });
  expect(peerAddress("unknown")).toBeUndefined();
  expect(peerAddress("memory")).toBeUndefined();
});

test("the cache answers as peerAddress does, unknown forms included, and stays bounded", () => {
  const cache = new PeerAddressCache();
  expect(cache.of("127.0.0.1:1")).toEqual({ address: "127.0.0.1", port: 1 });
  expect(cache.of("127.0.0.1:1")).toBe(cache.of("127.0.0.1:1"));
  expect(cache.of("unknown")).toBeUndefined();
  for (let port = 1; port <= 3_000; port++) expect(cache.of(`10.0.0.1:${port}`)?.port).toBe(port);
});
