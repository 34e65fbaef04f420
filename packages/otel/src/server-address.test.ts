import { expect, test } from "bun:test";
import { serverAddress } from "./server-address.ts";

test("targets follow the gRPC conventions' examples: host and port when the target names them, else the whole target", () => {
  expect(serverAddress("127.0.0.1:50051")).toEqual({ address: "127.0.0.1", port: 50051 });
  expect(serverAddress("ledger.example:7000")).toEqual({ address: "ledger.example", port: 7000 });
  expect(serverAddress("[::1]:50051")).toEqual({ address: "::1", port: 50051 });
  expect(serverAddress("dns:///ledger.example:7000")).toEqual({ address: "ledger.example", port: 7000 });
  expect(serverAddress("dns://10.0.0.2/ledger.example:7000")).toEqual({ address: "ledger.example", port: 7000 });
  expect(serverAddress("dns:///ledger.example")).toEqual({ address: "ledger.example" });
  expect(serverAddress("dns+srv:///_ledger._tcp.service.consul")).toEqual({ address: "_ledger._tcp.service.consul" });
  expect(serverAddress("unix:/run/ledger.sock")).toEqual({ address: "/run/ledger.sock" });
  expect(serverAddress("unix:///run/ledger.sock")).toEqual({ address: "/run/ledger.sock" });
  expect(serverAddress("ws://127.0.0.1:8080/strand")).toEqual({ address: "127.0.0.1", port: 8080 });
  expect(serverAddress("wss://app.example.com/api")).toEqual({ address: "app.example.com", port: 443 });
  expect(serverAddress("ws://[::1]/api")).toEqual({ address: "::1", port: 80 });
  // A list of replicas or a custom resolver's name: reported whole, no port.
  expect(serverAddress("10.0.0.1:7000,10.0.0.2:7000")).toEqual({ address: "10.0.0.1:7000,10.0.0.2:7000" });
  expect(serverAddress("registry:///ledger")).toEqual({ address: "registry:///ledger" });
  expect(serverAddress("host:99999")).toEqual({ address: "host:99999" });
});
