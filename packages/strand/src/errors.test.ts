import { describe, expect, test } from "bun:test";
import { retryDelayMs } from "@strand/rpc/internal";
import { createRegistry } from "strand/protobuf";
import { Code, durationFromMs, errorDetail, RpcError } from "./index.ts";
import {
  BadRequest,
  DebugInfo,
  ErrorInfo,
  GoogleRpcCode,
  Help,
  LocalizedMessage,
  PreconditionFailure,
  QuotaFailure,
  RequestInfo,
  ResourceInfo,
  RetryInfo,
  Status,
} from "./errors.ts";

describe("strand/errors", () => {
  test("ships every message of google/rpc/error_details.proto, Status and the google.rpc.Code numbers", () => {
    const types = [ErrorInfo, RetryInfo, DebugInfo, QuotaFailure, PreconditionFailure, BadRequest, RequestInfo, ResourceInfo, Help, LocalizedMessage];
    expect(types.map((t) => t.typeName)).toEqual([
      "google.rpc.ErrorInfo",
      "google.rpc.RetryInfo",
      "google.rpc.DebugInfo",
      "google.rpc.QuotaFailure",
      "google.rpc.PreconditionFailure",
      "google.rpc.BadRequest",
      "google.rpc.RequestInfo",
      "google.rpc.ResourceInfo",
      "google.rpc.Help",
      "google.rpc.LocalizedMessage",
    ]);
    expect(Status.typeName).toBe("google.rpc.Status");
    for (const name of Object.keys(Code).filter((k) => Number.isNaN(Number(k)))) {
      const spelled = name === "Canceled" ? "CANCELLED" : name.replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase();
      const numbers: [string, number][] = [[name, GoogleRpcCode[spelled as keyof typeof GoogleRpcCode]]];
      expect(numbers).toEqual([[name, Code[name as keyof typeof Code]]]);
    }
  });

  test("the README example: errorDetail packs, findDetails gives typed messages, [] for absent types", () => {
    const error = new RpcError(Code.InvalidArgument, "amount must be positive", {
      details: [
        errorDetail(BadRequest, { fieldViolations: [{ field: "amount", description: "must be > 0" }] }),
        errorDetail(ErrorInfo, { reason: "AMOUNT_NOT_POSITIVE", domain: "shop.example.com", metadata: { amount: "-5" } }),
      ],
    });
    const [bad] = error.findDetails(BadRequest);
    expect(bad?.fieldViolations[0]?.field).toBe("amount");
    expect(bad?.fieldViolations[0]?.description).toBe("must be > 0");
    expect(error.findDetails(ErrorInfo)[0]?.metadata).toEqual({ amount: "-5" });
    expect(error.findDetails(RetryInfo)).toEqual([]);
    expect(error.details.map((d) => d.type)).toEqual(["google.rpc.BadRequest", "google.rpc.ErrorInfo"]);
  });

  test("toJSON is google.rpc.Status JSON that the generated Status reads back with a registry", () => {
    const error = new RpcError(Code.Unavailable, "overloaded", {
      details: [errorDetail(RetryInfo, { retryDelay: durationFromMs(1500) }), { type: "acme.v1.Unknown", value: new Uint8Array([1, 2]) }],
    });
    expect(error.toJSON()).toEqual({
      code: 14,
      message: "overloaded",
      details: [
        { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "1.500s" },
        { "@type": "type.googleapis.com/acme.v1.Unknown", value: "AQI=" },
      ],
    });
    const known = new RpcError(Code.Unavailable, "overloaded", { details: [error.details[0]!] });
    const registry = createRegistry(RetryInfo);
    const json = known.toJSON(registry);
    const status = Status.fromJson(JSON.parse(JSON.stringify(json)), { registry });
    expect(status.code).toBe(14);
    expect(status.details[0]?.typeUrl).toBe("type.googleapis.com/google.rpc.RetryInfo");
    expect(RetryInfo.decode(status.details[0]!.value).retryDelay).toEqual({ seconds: 1n, nanos: 500_000_000 });
  });

  test("the retry interceptor's hand-written RetryInfo reader agrees with the generated codec", () => {
    for (const ms of [0, 1, 250, 1500, 60_000, 86_400_000 + 7]) {
      const detail = errorDetail(RetryInfo, { retryDelay: durationFromMs(ms) });
      expect(retryDelayMs([detail])).toBe(ms);
    }
    const withUnknown = RetryInfo.encode({ retryDelay: { seconds: 2n, nanos: 0 }, $unknown: [new Uint8Array([0x10, 0x05])] });
    expect(retryDelayMs([{ type: RetryInfo.typeName, value: withUnknown }])).toBe(2000);
    expect(retryDelayMs([errorDetail(RetryInfo, {})])).toBeUndefined();
    expect(retryDelayMs([errorDetail(RetryInfo, { retryDelay: { seconds: -1n, nanos: 0 } })])).toBeUndefined();
  });
});
