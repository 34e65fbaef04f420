/**
 * Cross-checks against protoc (`--encode` / `--decode` on text format). With protoc installed
 * (CI installs it) every check runs against the live binary, and the recorded outputs under
 * `fixtures/protoc/` are verified to still match it. Without protoc the test names say so and
 * the recorded protoc outputs are checked instead.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { MessageType } from "@strand/protobuf";
import { Currency } from "./golden/acme/common/v1/money.ts";
import { Legacy, Legacy_Kind, Legacy_Result } from "./golden/acme/legacy/v1/legacy.ts";
import { Order, Order_Status, Scalars } from "./golden/acme/shop/v1/shop.ts";

const protoc = Bun.which("protoc");
const dir = join(import.meta.dir, "fixtures", "protoc");
const includes = ["-I", join(import.meta.dir, "protos"), "-I", join(import.meta.dir, "..", "protos")];
const mode = protoc === null ? " (protoc not installed: checked against recorded protoc output)" : " (live protoc)";
if (protoc === null) console.warn("protoc not found: protoc cross-checks use the recorded outputs in codegen/test/fixtures/protoc");

function runProtoc(args: string[], input: Uint8Array): Uint8Array {
  const result = Bun.spawnSync([protoc ?? "protoc", ...includes, ...args], { stdin: input });
  if (result.exitCode !== 0) throw new Error(`protoc failed: ${result.stderr.toString()}`);
  return new Uint8Array(result.stdout);
}

interface Case<T> {
  readonly name: string;
  readonly type: MessageType<T>;
  readonly proto: string;
  readonly expected: T;
}

const cases: Case<unknown>[] = [
  {
    name: "order",
    type: Order as MessageType,
    proto: "acme/shop/v1/shop.proto",
    expected: Order.create({
      id: "o-1",
      status: Order_Status.STATUS_SHIPPED,
      lines: [
        { sku: "aé", quantity: 2, unitPrice: { currency: Currency.CURRENCY_EUR, units: 3n, nanos: 5 } },
        { sku: "b", quantity: 0, unitPrice: undefined },
      ],
      total: { currency: 0, units: -7n, nanos: -1 },
      createdAt: { seconds: 1700000000n, nanos: 5 },
      ttl: { seconds: -2n, nanos: 0 },
      labels: { k: "v" },
      linesByNumber: { "-3": { sku: "z", quantity: 0, unitPrice: undefined } },
      flags: { true: -1n },
      currencies: { "18446744073709551615": Currency.CURRENCY_USD },
      blobs: { "-9223372036854775808": new Uint8Array([1, 2]) },
      payment: { case: "cardToken", value: "tok" },
      note: "hi",
      priority: 0n,
      metadata: {
        fields: {
          a: { kind: { case: "numberValue", value: 1.5 } },
          b: { kind: { case: "listValue", value: { values: [{ kind: { case: "boolValue", value: true } }, { kind: { case: "nullValue", value: 0 } }] } } },
        },
      },
      updateMask: { paths: ["a.b"] },
      history: [{ seconds: 1n, nanos: 0 }, { seconds: 0n, nanos: 2 }],
      parent: Order.create({ id: "p" }),
      customJson: "c",
    }),
  },
  {
    name: "scalars",
    type: Scalars as MessageType,
    proto: "acme/shop/v1/shop.proto",
    expected: Scalars.create({
      fDouble: -1.25, fFloat: 3.5, fInt32: -2147483648, fInt64: -9223372036854775808n, fUint32: 4294967295,
      fUint64: 18446744073709551615n, fSint32: -5, fSint64: 9223372036854775807n, fFixed32: 7,
      fFixed64: 18446744073709551614n, fSfixed32: -7, fSfixed64: -9n, fBool: true, fString: "😀 unicode",
      fBytes: new Uint8Array([0, 255]), oInt32: 0, oString: "", oBool: false,
      rDouble: [1, -2.5, Number.POSITIVE_INFINITY], rInt32: [1, -1, 300], rSint64: [-1n, 1n], rBool: [true, false, true],
      rString: ["x", ""], rUnpacked: [5, 6], rEnum: [Currency.CURRENCY_EUR, Currency.CURRENCY_USD],
    }),
  },
  {
    name: "legacy",
    type: Legacy as MessageType,
    proto: "acme/legacy/v1/legacy.proto",
    expected: Legacy.create({
      name: "legacy",
      count: 0,
      kind: Legacy_Kind.KIND_A,
      unpacked: [1, 2],
      packed: [3, 4],
      child: Legacy.create({ name: "kid", big: -9007199254740993n }),
      result: Legacy_Result.create({ url: "skipped" }),
    }),
  },
];

describe("protoc cross-check", () => {
  for (const c of cases) {
    const typeName = c.type.typeName;
    const recordedBin = new Uint8Array(readFileSync(join(dir, `${c.name}.bin`)));
    const recordedText = readFileSync(join(dir, `${c.name}.txt`), "utf8");

    test(`${c.name}: decode(protoc --encode) equals the expected message${mode}`, () => {
      let bytes: Uint8Array = recordedBin;
      if (protoc !== null) {
        bytes = runProtoc([`--encode=${typeName}`, c.proto], new Uint8Array(readFileSync(join(dir, `${c.name}.txtpb`))));
        expect(bytes).toEqual(recordedBin);
      }
      expect(c.type.decode(bytes)).toEqual(c.expected);
    });

    test(`${c.name}: protoc --decode(encode(x)) prints protoc's own text${mode}`, () => {
      const ours = c.type.encode(c.expected);
      if (protoc === null) {
        // Fallback: our bytes must at least decode to the same message protoc produced.
        expect(c.type.decode(ours)).toEqual(c.type.decode(recordedBin));
        return;
      }
      expect(new TextDecoder().decode(runProtoc([`--decode=${typeName}`, c.proto], recordedBin))).toBe(recordedText);
      expect(new TextDecoder().decode(runProtoc([`--decode=${typeName}`, c.proto], ours))).toBe(recordedText);
    });
  }
});
