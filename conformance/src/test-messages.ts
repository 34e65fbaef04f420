/**
 * The suite's test messages by full name, from strand-generated code (`gen/`, written by
 * `src/generate.ts`), and a registry of every message type of those files for `Any` in JSON.
 */
import { createRegistry, type MessageType } from "strand/protobuf";
import * as proto2 from "../gen/google/protobuf/test_messages_proto2.ts";
import * as proto3 from "../gen/google/protobuf/test_messages_proto3.ts";
import * as edition2023 from "../gen/google/protobuf/test_messages_edition2023.ts";
import * as proto2Editions from "../gen/google/protobuf/test_messages_proto2_editions.ts";
import * as proto3Editions from "../gen/google/protobuf/test_messages_proto3_editions.ts";
import * as any from "../gen/google/protobuf/any.ts";
import * as duration from "../gen/google/protobuf/duration.ts";
import * as fieldMask from "../gen/google/protobuf/field_mask.ts";
import * as struct from "../gen/google/protobuf/struct.ts";
import * as timestamp from "../gen/google/protobuf/timestamp.ts";
import * as wrappers from "../gen/google/protobuf/wrappers.ts";

const modules = [proto2, proto3, edition2023, proto2Editions, proto3Editions, any, duration, fieldMask, struct, timestamp, wrappers];

function isMessageType(value: unknown): value is MessageType {
  return typeof value === "object" && value !== null && typeof (value as { typeName?: unknown }).typeName === "string" && typeof (value as { decode?: unknown }).decode === "function";
}

const all: MessageType[] = modules.flatMap((m) => Object.values(m).filter(isMessageType));

/** Every message type of the suite's files, by full name. */
export const testMessages: ReadonlyMap<string, MessageType> = new Map(all.map((t) => [t.typeName, t]));

/** For `Any` in JSON: every message type of the suite's files and the well-known types. */
export const registry = createRegistry(...all);
