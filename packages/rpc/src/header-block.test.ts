import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { Code } from "./code.ts";
import { emptyBlock } from "./header-block.ts";
import { decodeRequestHead, decodeResponseHeaders, decodeTrailers } from "./header-decoder.ts";
import { encodePathEntry, encodeRequestHead, encodeResponseHeaders, encodeTrailers } from "./header-encoder.ts";
import { Metadata } from "./metadata.ts";
import { RpcError } from "./rpc-error.ts";

const limit = 16384;

function codeOf(fn: () => unknown): Code | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof RpcError ? e.code : undefined;
  }
  return undefined;
}

const nameArb = fc.stringMatching(/^[0-9a-z_.-]{1,20}$/);
const asciiArb = fc.stringMatching(/^[\x20-\x7e]{0,40}$/);
const entryArb = fc.oneof(
  fc.tuple(nameArb.filter((n) => !n.endsWith("-bin")), asciiArb),
  fc.tuple(nameArb.map((n) => `${n}-bin`), fc.uint8Array({ maxLength: 40 })),
);

describe("byte layout (the examples in PROTOCOL.md §13)", () => {
  test("request head: path, timeout, one metadata entry", () => {
    const md = new Metadata({ "x-user": "7" });
    const block = encodeRequestHead(encodePathEntry("/a.B/C"), 1500, md, limit);
    expect([...block]).toEqual([
      0x01, 6, ...new TextEncoder().encode("/a.B/C"),
      0x02, 0xdc, 0x0b,
      0x00, 6, ...new TextEncoder().encode("x-user"), 1, 0x37,
    ]);
  });

  test("OK trailers are two bytes; an error carries message and details", () => {
    expect([...encodeTrailers(0, "", [], undefined, limit)]).toEqual([0x03, 0x00]);
    const block = encodeTrailers(Code.NotFound, "no", [{ type: "t", value: new Uint8Array([9]) }], undefined, limit);
    expect([...block]).toEqual([0x03, 5, 0x04, 2, 0x6e, 0x6f, 0x05, 1, 0x74, 1, 9]);
  });

  test("a request head without timeout and metadata is the shared path entry itself", () => {
    const path = encodePathEntry("/a.B/C");
    expect(encodeRequestHead(path, undefined, new Metadata(), limit)).toBe(path);
    expect(encodeResponseHeaders(undefined, limit)).toBe(emptyBlock);
  });
});

describe("round trips", () => {
  test("request heads", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.option(fc.nat(), { nil: undefined }), fc.array(entryArb), (path, timeout, entries) => {
        const md = new Metadata(entries);
        const head = decodeRequestHead(encodeRequestHead(encodePathEntry(path), timeout, md, 1 << 20), 1 << 20);
        expect(head.path).toBe(path);
        expect(head.timeoutMs).toBe(timeout);
        expect([...(head.metadata ?? [])]).toEqual([...md]);
      }),
    );
  });

  test("trailers, including any Unicode status message", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 16 }),
        fc.string({ unit: "grapheme" }),
        fc.array(fc.record({ type: fc.string(), value: fc.uint8Array({ maxLength: 20 }) }), { maxLength: 3 }),
        fc.array(entryArb),
        (code, message, details, entries) => {
          const md = new Metadata(entries);
          const t = decodeTrailers(encodeTrailers(code, message, details, md, 1 << 20), 1 << 20);
          expect(t.code).toBe(code);
          expect(t.message).toBe(message);
          expect(t.details).toEqual(details);
          expect([...t.metadata]).toEqual([...md]);
        },
      ),
    );
  });

  test("response headers", () => {
    fc.assert(
      fc.property(fc.array(entryArb), (entries) => {
        const md = new Metadata(entries);
        expect([...decodeResponseHeaders(encodeResponseHeaders(md, 1 << 20), 1 << 20)]).toEqual([...md]);
      }),
    );
  });
});

describe("limits", () => {
  const big = new Metadata({ "x-big": "a".repeat(9000) });

  test("sending over the soft limit fails locally with ResourceExhausted", () => {
    expect(codeOf(() => encodeRequestHead(encodePathEntry("/a.B/C"), undefined, big, 8192))).toBe(Code.ResourceExhausted);
    expect(codeOf(() => encodeResponseHeaders(big, 8192))).toBe(Code.ResourceExhausted);
    expect(codeOf(() => encodeTrailers(0, "", [], big, 8192))).toBe(Code.ResourceExhausted);
  });

  test("receiving over the hard limit is ResourceExhausted, checked before parsing", () => {
    const block = new Uint8Array(16385).fill(0xff);
    expect(codeOf(() => decodeRequestHead(block, 16384))).toBe(Code.ResourceExhausted);
    const ok = encodeRequestHead(encodePathEntry("/a.B/C"), undefined, big, 16384);
    expect(decodeRequestHead(ok, 16384).metadata?.get("x-big")).toHaveLength(9000);
  });
});

describe("malformed blocks are InvalidArgument, never a crash", () => {
  const cases: [string, number[], "request" | "trailers" | "response"][] = [
    ["missing :path", [0x02, 0x05], "request"],
    ["missing :status", [0x04, 0x00], "trailers"],
    ["unknown tag", [0x01, 1, 0x2f, 0x09], "request"],
    ["pseudo-header in response headers", [0x03, 0], "response"],
    ["status in a request", [0x01, 1, 0x2f, 0x03, 0], "request"],
    ["duplicate :path", [0x01, 1, 0x2f, 0x01, 1, 0x2f], "request"],
    ["pseudo after custom", [0x00, 1, 0x61, 0, 0x01, 1, 0x2f], "request"],
    ["truncated length", [0x01, 5, 0x2f], "request"],
    ["bad varint", [0x03, 0x80], "trailers"],
    ["invalid name", [0x01, 1, 0x2f, 0x00, 1, 0x41, 0], "request"],
    ["control char in ASCII value", [0x01, 1, 0x2f, 0x00, 1, 0x61, 1, 0x0a], "request"],
    ["invalid UTF-8 path", [0x01, 1, 0xff], "request"],
  ];
  for (const [name, bytes, kind] of cases) {
    test(name, () => {
      const block = new Uint8Array(bytes);
      const decode = { request: decodeRequestHead, trailers: decodeTrailers, response: decodeResponseHeaders }[kind];
      expect(codeOf(() => decode(block, limit))).toBe(Code.InvalidArgument);
    });
  }

  test("arbitrary bytes either decode or throw an RpcError", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        for (const decode of [decodeRequestHead, decodeTrailers, decodeResponseHeaders]) {
          try {
            decode(bytes, limit);
          } catch (e) {
            expect(e).toBeInstanceOf(RpcError);
          }
        }
      }),
    );
  });
});

test("decoded binary values, details and paths are copies, even out of a Buffer (whose slice is a view)", () => {
  const md = new Metadata({ "trace-bin": new Uint8Array([1, 2, 3]) });
  const block = Buffer.from(encodeTrailers(Code.NotFound, "gone", [{ type: "t", value: new Uint8Array([4, 5]) }], md, 8192));
  const t = decodeTrailers(block, 8192);
  const head = Buffer.from(encodeRequestHead(encodePathEntry("/svc.S/Copied"), undefined, md, 8192));
  const headMetadata = decodeRequestHead(head, 8192).metadata;
  block.fill(0);
  head.fill(0);
  expect([...(t.metadata.getBinary("trace-bin") ?? [])]).toEqual([1, 2, 3]);
  expect([...t.details[0]!.value]).toEqual([4, 5]);
  expect([...(headMetadata?.getBinary("trace-bin") ?? [])]).toEqual([1, 2, 3]);
  expect(decodeRequestHead(Buffer.from(encodeRequestHead(encodePathEntry("/svc.S/Copied"), undefined, undefined, 8192)), 8192).path).toBe("/svc.S/Copied");
});

test("a path-only head repeated as the same block object decodes once; others decode as before", () => {
  const block = encodeRequestHead(encodePathEntry("/svc.S/Same"), undefined, undefined, 8192);
  const first = decodeRequestHead(block, 8192);
  expect(decodeRequestHead(block, 8192)).toBe(first);
  expect(Object.isFrozen(first)).toBe(true);
  expect(first).toEqual({ path: "/svc.S/Same", timeoutMs: undefined, metadata: undefined });
  // An equal block that is another object, another path, a deadline or metadata: decoded on their own.
  expect(decodeRequestHead(block.slice(), 8192).path).toBe("/svc.S/Same");
  expect(decodeRequestHead(encodeRequestHead(encodePathEntry("/svc.S/Other"), undefined, undefined, 8192), 8192).path).toBe("/svc.S/Other");
  expect(decodeRequestHead(encodeRequestHead(encodePathEntry("/svc.S/Same"), 500, undefined, 8192), 8192).timeoutMs).toBe(500);
  expect(decodeRequestHead(encodeRequestHead(encodePathEntry("/svc.S/Same"), undefined, new Metadata({ a: "1" }), 8192), 8192).metadata?.get("a")).toBe("1");
  // The limit still applies to the remembered block.
  const again = decodeRequestHead(block, 8192);
  expect(codeOf(() => decodeRequestHead(block, 4))).toBe(Code.ResourceExhausted);
  expect(decodeRequestHead(block, 8192)).toBe(again);
});
