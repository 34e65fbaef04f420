import { describe, expect, test } from "bun:test";
import { clientTlsOptions, requestsClientCertificate, requiresClientCertificate, verifyClientTls, verifyServerTls } from "./tls-options.ts";

describe("client TLS options", () => {
  test("rejectUnauthorized is always explicit, so Bun starts the handshake", () => {
    expect(clientTlsOptions(true)).toEqual({ rejectUnauthorized: true });
    expect(clientTlsOptions({})).toEqual({ rejectUnauthorized: true });
    expect(clientTlsOptions({ ca: "x", serverName: "a" })).toEqual({ ca: "x", serverName: "a", rejectUnauthorized: true });
    const explicit = { rejectUnauthorized: false };
    expect(clientTlsOptions(explicit)).toBe(explicit);
  });

  test("the default follows NODE_TLS_REJECT_UNAUTHORIZED, as Bun's does", () => {
    const saved = process.env["NODE_TLS_REJECT_UNAUTHORIZED"];
    process.env["NODE_TLS_REJECT_UNAUTHORIZED"] = "0";
    try {
      expect(clientTlsOptions({})).toEqual({ rejectUnauthorized: false });
    } finally {
      if (saved === undefined) delete process.env["NODE_TLS_REJECT_UNAUTHORIZED"];
      else process.env["NODE_TLS_REJECT_UNAUTHORIZED"] = saved;
    }
  });

  test("a channel's tls is true, false or an object", () => {
    for (const ok of [undefined, true, false, {}]) expect(() => verifyClientTls(ok)).not.toThrow();
    for (const bad of ["yes", 1, null, []]) expect(() => verifyClientTls(bad)).toThrow(/tls must be/);
  });
});

describe("server TLS options", () => {
  test("key and cert are required and must load", () => {
    expect(() => verifyServerTls({ key: "k" }, "createServer")).toThrow(/createServer: tls needs both key and cert/);
    expect(() => verifyServerTls({ key: "k", cert: "c" }, "updateTls")).toThrow(/updateTls: invalid tls options: .*PEM/);
  });

  test("client certificates: requested with requestCert, required unless rejectUnauthorized is false", () => {
    expect([requestsClientCertificate(undefined), requiresClientCertificate(undefined)]).toEqual([false, false]);
    expect([requestsClientCertificate({ ca: "x" }), requiresClientCertificate({ ca: "x" })]).toEqual([false, false]);
    expect([requestsClientCertificate({ requestCert: true }), requiresClientCertificate({ requestCert: true })]).toEqual([true, true]);
    const optional = { requestCert: true, rejectUnauthorized: false };
    expect([requestsClientCertificate(optional), requiresClientCertificate(optional)]).toEqual([true, false]);
  });
});
