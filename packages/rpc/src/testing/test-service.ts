import { method, service, type MessageCodec } from "../descriptor.ts";

/** The one message of {@link TestService}: enough fields to echo, count and carry payloads. */
export interface TestMessage {
  text: string;
  n: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * A tiny JSON codec standing in for generated protobuf code. `decode` rejects anything that is not
 * a `TestMessage`, so tests can provoke "undecodable message" paths with raw bytes.
 */
export const TestMessage: MessageCodec<TestMessage> = {
  typeName: "strand.test.v1.TestMessage",
  create(init?: Partial<TestMessage>): TestMessage {
    return { text: init?.text ?? "", n: init?.n ?? 0 };
  },
  encode(message: TestMessage): Uint8Array {
    return encoder.encode(JSON.stringify({ text: message.text, n: message.n }));
  },
  decode(bytes: Uint8Array): TestMessage {
    const value: unknown = JSON.parse(decoder.decode(bytes));
    if (typeof value !== "object" || value === null) throw new TypeError("not an object");
    const { text, n } = value as Record<string, unknown>;
    if (typeof text !== "string" || typeof n !== "number") throw new TypeError("bad TestMessage fields");
    return { text, n };
  },
};

/**
 * A hand-written service with one method per call kind, for tests of this package and of
 * transports built on it (until codegen produces real ones).
 */
export const TestService = service("strand.test.v1.Test", {
  echo: method("strand.test.v1.Test", "Echo", "unary", TestMessage, TestMessage, { idempotency: "idempotent" }),
  post: method("strand.test.v1.Test", "Post", "unary", TestMessage, TestMessage),
  count: method("strand.test.v1.Test", "Count", "server_streaming", TestMessage, TestMessage),
  sum: method("strand.test.v1.Test", "Sum", "client_streaming", TestMessage, TestMessage),
  chat: method("strand.test.v1.Test", "Chat", "bidi_streaming", TestMessage, TestMessage),
});
