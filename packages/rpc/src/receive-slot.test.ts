import { describe, expect, test } from "bun:test";
import { Code } from "./code.ts";
import { method, type MessageCodec, type MethodDescriptor, type MethodKind } from "./descriptor.ts";
import { NO_MESSAGE } from "./message-decode.ts";
import { ReceiveSlot, type ReceiveSide } from "./receive-slot.ts";
import { RpcError } from "./rpc-error.ts";

/** The protected surface, opened for the test. */
class Slot extends ReceiveSlot {
  constructor(
    protected readonly side: ReceiveSide,
    readonly method: MethodDescriptor,
    single: boolean,
  ) {
    super(single);
  }
  protected get codec(): MessageCodec<unknown> {
    return this.side === "request" ? this.method.input : this.method.output;
  }
  get isHolding(): boolean {
    return this.holding;
  }
  put(bytes: Uint8Array, start = 0, end = bytes.length, limit = 1_000): RpcError | undefined {
    return this.hold(bytes, start, end, limit);
  }
  take(): unknown {
    return this.takeHeld();
  }
  peek(): unknown {
    return this.peekHeld();
  }
  drop(): void {
    this.dropHeld();
  }
  missing(): RpcError | undefined {
    return this.missingSingle();
  }
}

/** Decodes a message as the text of its bytes; records what it was given. */
function textCodec(typeName: string, withRange: boolean): MessageCodec<string> & { readonly calls: string[] } {
  const calls: string[] = [];
  const text = (b: Uint8Array): string => {
    const t = new TextDecoder().decode(b);
    if (t.startsWith("bad")) throw new TypeError("not a message");
    return t;
  };
  const codec: MessageCodec<string> & { calls: string[] } = {
    typeName,
    calls,
    create: () => "",
    encode: (m) => new TextEncoder().encode(m),
    decode(bytes) {
      calls.push(`decode ${String(bytes.length)}`);
      return text(bytes);
    },
  };
  if (withRange) {
    codec.decodeRange = (bytes, start, end) => {
      calls.push(`range ${String(start)}-${String(end)}`);
      return text(bytes.subarray(start, end));
    };
  }
  return codec;
}

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
/** What `fn` throws (fails the test when it returns). */
function thrown(fn: () => unknown): RpcError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(RpcError);
    return error as RpcError;
  }
  throw new Error("did not throw");
}
const input = textCodec("t.In", false);
const output = textCodec("t.Out", true);
const m = (kind: MethodKind): MethodDescriptor => method("t.S", "M", kind, input, output);

describe("holding", () => {
  test("keeps one message as a range of the delivered buffer and decodes it only when taken", () => {
    const slot = new Slot("request", m("bidi_streaming"), false);
    input.calls.length = 0;
    const buffer = bytes("xxhelloyy");
    expect(slot.put(buffer, 2, 7)).toBeUndefined();
    expect(slot.isHolding).toBe(true);
    expect(input.calls).toEqual([]);
    expect(slot.take()).toBe("hello");
    expect(slot.isHolding).toBe(false);
    expect(slot.take()).toBe(NO_MESSAGE);
  });

  test("decodes with decodeRange when the codec has it, else from a view", () => {
    const server = new Slot("request", m("bidi_streaming"), false);
    const client = new Slot("response", m("bidi_streaming"), false);
    input.calls.length = 0;
    output.calls.length = 0;
    server.put(bytes("[ab]"), 1, 3);
    client.put(bytes("[cd]"), 1, 3);
    expect([server.take(), client.take()]).toEqual(["ab", "cd"]);
    expect(input.calls).toEqual(["decode 2"]);
    expect(output.calls).toEqual(["range 1-3"]);
  });

  test("peeking decodes without emptying the slot", () => {
    const slot = new Slot("response", m("unary"), true);
    slot.put(bytes("one"));
    expect(slot.peek()).toBe("one");
    expect(slot.isHolding).toBe(true);
    expect(slot.take()).toBe("one");
  });

  test("a dropped message is gone", () => {
    const slot = new Slot("request", m("client_streaming"), false);
    slot.put(bytes("x"));
    slot.drop();
    expect(slot.isHolding).toBe(false);
    expect(slot.take()).toBe(NO_MESSAGE);
  });
});

describe("refusals (returned, not thrown: ending the call is the caller's)", () => {
  test("a message over the limit is ResourceExhausted, checked before anything else", () => {
    const error = new Slot("response", m("server_streaming"), false).put(bytes("12345"), 0, 5, 4);
    expect(error).toBeInstanceOf(RpcError);
    expect(error?.code).toBe(Code.ResourceExhausted);
    expect(error?.message).toBe("response message of 5 bytes exceeds the limit of 4 bytes");
    const request = new Slot("request", m("client_streaming"), false);
    expect(request.put(bytes("12345"), 1, 5, 4)).toBeUndefined();
    expect(request.put(bytes("12345"), 0, 5, 4)?.message).toBe("request message of 5 bytes exceeds the limit of 4 bytes");
  });

  test("more than was requested is Internal, whatever the call kind", () => {
    const stream = new Slot("response", m("bidi_streaming"), false);
    expect(stream.put(bytes("a"))).toBeUndefined();
    const error = stream.put(bytes("b"));
    expect(error?.code).toBe(Code.Internal);
    expect(error?.message).toBe("transport delivered a response message that was not requested");
    expect(stream.take()).toBe("a");
    expect(stream.put(bytes("c"))).toBeUndefined();
    const server = new Slot("request", m("client_streaming"), false);
    server.put(bytes("a"));
    expect(server.put(bytes("b"))?.message).toBe("transport delivered a request message that was not requested");
  });

  test("a second single message is a protocol error, even once the first was taken", () => {
    const client = new Slot("response", m("unary"), true);
    client.put(bytes("a"));
    client.take();
    const error = client.put(bytes("b"));
    expect(error?.code).toBe(Code.Internal);
    expect(error?.message).toBe("protocol error: unary call received more than one response");
    const server = new Slot("request", m("server_streaming"), true);
    server.put(bytes("a"));
    expect(server.put(bytes("b"))?.message).toBe("protocol error: server_streaming call with more than one request message");
  });

  test("a missing single message is a protocol error; streams never miss one", () => {
    expect(new Slot("response", m("client_streaming"), true).missing()?.message).toBe("protocol error: client_streaming call ended OK without a response");
    expect(new Slot("request", m("unary"), true).missing()?.message).toBe("protocol error: unary call without a request message");
    expect(new Slot("request", m("unary"), true).missing()?.code).toBe(Code.Internal);
    const held = new Slot("request", m("unary"), true);
    held.put(bytes("a"));
    expect(held.missing()).toBeUndefined();
    expect(new Slot("response", m("bidi_streaming"), false).missing()).toBeUndefined();
  });
});

describe("a message that does not decode", () => {
  test("is the client's fault in a request (InvalidArgument), thrown with the codec's error as cause; the slot is emptied", () => {
    const slot = new Slot("request", m("bidi_streaming"), false);
    slot.put(bytes("bad"));
    const error = thrown(() => slot.take());
    expect(error.code).toBe(Code.InvalidArgument);
    expect(error.message).toBe("failed to decode t.In request: TypeError: not a message");
    expect(error.cause).toBeInstanceOf(TypeError);
    expect(slot.isHolding).toBe(false);
  });

  test("is the server's fault in a response (Internal)", () => {
    const slot = new Slot("response", m("unary"), true);
    slot.put(bytes("[bad]"), 1, 4);
    const peeked = thrown(() => slot.peek());
    expect(peeked.code).toBe(Code.Internal);
    expect(peeked.message).toBe("failed to decode t.Out response: TypeError: not a message");
    expect(slot.isHolding).toBe(true);
    expect(thrown(() => slot.take()).code).toBe(Code.Internal);
    expect(slot.isHolding).toBe(false);
  });
});
