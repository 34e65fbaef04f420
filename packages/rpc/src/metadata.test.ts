import { expect, test } from "bun:test";
import { Code } from "./code.ts";
import { Metadata } from "./metadata.ts";
import { RpcError } from "./rpc-error.ts";

test("names are case-insensitive and keep several values in order", () => {
  const m = new Metadata();
  m.append("X-Tag", "a").append("x-tag", "b");
  expect(m.get("X-TAG")).toBe("a");
  expect(m.getAll("x-tag")).toEqual(["a", "b"]);
  expect([...m]).toEqual([["x-tag", "a"], ["x-tag", "b"]]);
  m.set("x-tag", "c");
  expect(m.getAll("x-tag")).toEqual(["c"]);
  expect(m.has("X-Tag")).toBe(true);
  expect(m.delete("x-TAG")).toBe(true);
  expect(m.size).toBe(0);
});

test("accepts plain objects, pairs and other Metadata", () => {
  const bin = new Uint8Array([0, 255]);
  const m = new Metadata({ "x-user": "7", "x-list": ["a", "b"], "trace-bin": bin, skipped: undefined });
  expect(m.get("x-user")).toBe("7");
  expect(m.getAll("x-list")).toEqual(["a", "b"]);
  expect(m.getBinary("trace-bin")).toEqual(bin);
  expect(m.has("skipped")).toBe(false);
  const copy = new Metadata(m);
  copy.append("x-list", "c");
  expect(m.getAll("x-list")).toEqual(["a", "b"]);
  expect(new Metadata([["a", "1"], ["a", "2"]]).getAll("a")).toEqual(["1", "2"]);
});

test("-bin names carry bytes; get() shows them as base64, strings are taken as base64", () => {
  const m = new Metadata({ "k-bin": new Uint8Array([1, 2, 3]) });
  expect(m.get("k-bin")).toBe("AQID");
  m.set("j-bin", "AQID");
  expect(m.getBinary("j-bin")).toEqual(new Uint8Array([1, 2, 3]));
  expect(() => m.set("j-bin", "not base64!")).toThrow(RpcError);
  expect(m.toJSON()).toEqual({ "k-bin": "AQID", "j-bin": "AQID" });
});

test("rejects invalid names and non-ASCII or control characters with InvalidArgument", () => {
  const bad: [string, string | Uint8Array][] = [
    ["", "x"],
    [":path", "x"],
    ["sp ace", "x"],
    ["x", "é"],
    ["x", "a\nb"],
    ["x", new Uint8Array([1])],
  ];
  for (const [name, value] of bad) {
    let error: unknown;
    try {
      new Metadata().append(name, value);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RpcError);
    expect((error as RpcError).code).toBe(Code.InvalidArgument);
  }
  expect(new Metadata().append("ok_name.v-1", " printable ~ ").get("ok_name.v-1")).toBe(" printable ~ ");
});
