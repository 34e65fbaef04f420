import { describe, expect, test } from "bun:test";
import { Code } from "./code.ts";
import { errorDetail, type DetailType } from "./error-detail.ts";
import { RpcError } from "./rpc-error.ts";

/** A hand-written detail type (generated ones have the same members): `acme.v1.Quota`, JSON-encoded. */
interface Quota {
  subject: string;
  limit: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

const Quota: DetailType<Quota> = {
  typeName: "acme.v1.Quota",
  create: (init) => ({ subject: init?.subject ?? "", limit: init?.limit ?? 0 }),
  encode: (m) => encoder.encode(JSON.stringify(m)),
  decode(bytes) {
    const v = JSON.parse(decoder.decode(bytes)) as Quota;
    if (typeof v.subject !== "string") throw new TypeError("not a Quota");
    return { subject: v.subject, limit: v.limit };
  },
  toJson: (m) => ({ subject: m.subject, limit: m.limit }),
};

/** The same without JSON mapping (like a hand-written codec). */
const Note: DetailType<{ text: string }> = {
  typeName: "acme.v1.Note",
  create: (init) => ({ text: init?.text ?? "" }),
  encode: (m) => encoder.encode(m.text),
  decode: (bytes) => ({ text: decoder.decode(bytes) }),
};

describe("errorDetail and findDetails", () => {
  test("errorDetail packs a partial message under the type's full name", () => {
    const d = errorDetail(Quota, { subject: "user:7" });
    expect(d.type).toBe("acme.v1.Quota");
    expect(Quota.decode(d.value)).toEqual({ subject: "user:7", limit: 0 });
  });

  test("findDetails decodes the entries of one type in order, skips others, [] when none", () => {
    const e = new RpcError(Code.ResourceExhausted, "quota", {
      details: [errorDetail(Quota, { subject: "a", limit: 1 }), errorDetail(Note, { text: "n" }), errorDetail(Quota, { subject: "b" })],
    });
    expect(e.findDetails(Quota)).toEqual([
      { subject: "a", limit: 1 },
      { subject: "b", limit: 0 },
    ]);
    expect(e.findDetails(Note)).toEqual([{ text: "n" }]);
    expect(new RpcError(Code.Internal, "x").findDetails(Quota)).toEqual([]);
    expect(e.details).toHaveLength(3); // raw entries stay
  });

  test("an entry named by type URL matches; one that does not decode is skipped, not thrown", () => {
    const good = { type: "type.googleapis.com/acme.v1.Quota", value: Quota.encode({ subject: "u", limit: 2 }) };
    const bad = { type: "acme.v1.Quota", value: new Uint8Array([0xff]) };
    const lookalike = { type: "xacme.v1.Quota", value: good.value };
    const e = new RpcError(Code.Unavailable, "x", { details: [bad, good, lookalike] });
    expect(e.findDetails(Quota)).toEqual([{ subject: "u", limit: 2 }]);
  });
});

describe("toJSON", () => {
  test("is the proto3 JSON of google.rpc.Status; details packed here show their fields under @type", () => {
    const e = new RpcError(Code.InvalidArgument, "bad", { details: [errorDetail(Quota, { subject: "s", limit: 3 })] });
    expect(e.toJSON()).toEqual({
      code: 3,
      message: "bad",
      details: [{ "@type": "type.googleapis.com/acme.v1.Quota", subject: "s", limit: 3 }],
    });
    expect(JSON.parse(JSON.stringify(e))).toEqual(e.toJSON());
    expect(new RpcError(Code.NotFound, "gone").toJSON()).toEqual({ code: 5, message: "gone" });
  });

  test("received details: base64 value until the type is known from findDetails or a registry", () => {
    const value = Quota.encode({ subject: "r", limit: 1 });
    const received = () => new RpcError(Code.Aborted, "x", { details: [{ type: "acme.v1.Quota", value }] });
    const raw = { "@type": "type.googleapis.com/acme.v1.Quota", value: Buffer.from(value).toString("base64") };
    const typed = { "@type": "type.googleapis.com/acme.v1.Quota", subject: "r", limit: 1 };
    const e = received();
    expect(e.toJSON().details).toEqual([raw]);
    e.findDetails(Quota);
    expect(e.toJSON().details).toEqual([typed]);
    const registry = { find: (name: string) => (name === "acme.v1.Quota" ? Quota : undefined) };
    expect(received().toJSON(registry).details).toEqual([typed]);
  });

  test("never throws: an undecodable detail, a type without toJson or a throwing registry show bytes", () => {
    const e = new RpcError(Code.Internal, "x", {
      details: [{ type: "acme.v1.Quota", value: new Uint8Array([0xff]) }, errorDetail(Note, { text: "t" })],
    });
    const throwing = {
      find(): undefined {
        throw new Error("registry down");
      },
    };
    expect(e.toJSON(throwing).details).toEqual([
      { "@type": "type.googleapis.com/acme.v1.Quota", value: "/w==" },
      { "@type": "type.googleapis.com/acme.v1.Note", value: "dA==" },
    ]);
  });

  test("a detail whose JSON is not an object is held under value, as in google.protobuf.Any", () => {
    const Text: DetailType<string> = {
      typeName: "google.protobuf.StringValue",
      create: () => "",
      encode: (m) => encoder.encode(m),
      decode: (b) => decoder.decode(b),
      toJson: (m) => m,
    };
    const e = new RpcError(Code.Internal, "x", { details: [{ type: Text.typeName, value: encoder.encode("hi") }] });
    e.findDetails(Text);
    expect(e.toJSON().details).toEqual([{ "@type": "type.googleapis.com/google.protobuf.StringValue", value: "hi" }]);
  });
});
