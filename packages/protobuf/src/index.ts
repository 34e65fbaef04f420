/**
 * `@strand/protobuf`: the message runtime generated code imports — binary reader/writer (bigint
 * for 64-bit), proto3 JSON mapping, and well-known-type helpers. Re-exports by name.
 */
export { ProtobufError, type ProtobufErrorCode, type ProtobufErrorOptions } from "./protobuf-error.ts";
export { WireType, MAX_DEPTH } from "./wire-type.ts";
export { BinaryWriter, varintSize } from "./binary-writer.ts";
export { sharedWriter } from "./shared-writer.ts";
export { appendEncoded, type ByteSink } from "./append-encoded.ts";
export { EMPTY_BYTES } from "./empty-bytes.ts";
export { keepRead, keepUnknown, keepVarint, type UnknownFields } from "./unknown-fields.ts";
export { endGroup, groupEnd } from "./groups.ts";
export { requiredMissing } from "./required.ts";
export { encodeFailed, findInvalid, invalidValue, scalarProblem } from "./value-check.ts";
export { clearExtension, type Extension, getExtension, hasExtension, setExtension } from "./extension.ts";
export { BinaryReader, checkDepth, sharedReader, signed64, unsigned64 } from "./binary-reader.ts";
export { utf8Length, utf8Read, utf8Write } from "./utf8.ts";
export { isValidUtf8, verifiedString } from "./utf8-verify.ts";
export { base64Decode, base64Encode } from "./base64.ts";
export { isJsonObject, type JsonObject, type JsonValue } from "./json-value.ts";
export { parseJsonText } from "./json-text.ts";
export { isInt64Type, isScalarZero, scalarZero, type ScalarType, type ScalarValue } from "./scalar-type.ts";
export { scalarFromJson, scalarToJson } from "./scalar-json.ts";
export { enumFromJson, enumToJson } from "./enum-json.ts";
export {
  enumType,
  type EnumFieldInfo,
  type EnumType,
  type FieldInfo,
  type JsonReadOptions,
  type JsonWriteOptions,
  type MapFieldInfo,
  type MapValueInfo,
  type MessageFieldInfo,
  type MessageType,
  type ScalarFieldInfo,
  type WrapperFieldInfo,
} from "./message-type.ts";
export { createRegistry, type Registry } from "./registry.ts";
export { type FileDescriptor, fileDescriptor, registeredFileDescriptors } from "./file-descriptor.ts";
export { normalizeMapKey, setMapEntry } from "./map-entry.ts";
export { messageFromJson, messageToJson } from "./message-json.ts";
export { type FieldInit, initMessage, type MessageInit } from "./init-message.ts";
export {
  timestampFromDate,
  timestampFromJson,
  timestampFromMs,
  timestampNow,
  timestampToDate,
  timestampToJson,
  timestampToMs,
  type TimestampShape,
} from "./timestamp.ts";
export { durationFromJson, durationFromMs, durationToJson, durationToMs, type DurationShape } from "./duration.ts";
export { fieldMaskFromJson, fieldMaskToJson, type FieldMaskShape } from "./field-mask.ts";
export {
  listValueFromJson,
  listValueToJson,
  structFromJson,
  structToJson,
  valueFromJson,
  valueToJson,
  type ListValueShape,
  type StructShape,
  type ValueShape,
} from "./struct.ts";
export { wrapperFromJson, wrapperToJson } from "./wrappers.ts";
export { anyFromJson, anyIs, anyPack, anyToJson, anyTypeName, anyUnpack, type AnyShape } from "./any.ts";
