/**
 * Protobuf wire types (the low three bits of a field tag). Generated code precomputes tags as
 * `(fieldNumber << 3) | wireType`; the reader and writer use these names for readability.
 */
export const WireType = {
  /** int32, int64, uint32, uint64, sint32, sint64, bool, enum. */
  Varint: 0,
  /** fixed64, sfixed64, double. */
  Bit64: 1,
  /** string, bytes, embedded messages, packed repeated fields. */
  LengthDelimited: 2,
  /** proto2 group start (deprecated; skipped as an unknown field). */
  StartGroup: 3,
  /** proto2 group end. */
  EndGroup: 4,
  /** fixed32, sfixed32, float. */
  Bit32: 5,
} as const;

/** One of the {@link WireType} values. */
export type WireType = (typeof WireType)[keyof typeof WireType];

/** The deepest nesting of messages/groups the decoder accepts before failing with `depth_exceeded`. */
export const MAX_DEPTH = 100;
