/**
 * fast-check arbitraries for any generated message, derived from its field table: every scalar
 * over its full range, enums (known and unknown values for open enums), oneofs, maps, repeated
 * and nested messages (depth-limited so recursive types terminate).
 */
import fc from "fast-check";
import { type FieldInfo, type MapValueInfo, type MessageInit, type MessageType, type ScalarType } from "@strand/protobuf";

const INT64 = { min: -(1n << 63n), max: (1n << 63n) - 1n };
const UINT64 = { min: 0n, max: (1n << 64n) - 1n };
const noNegZero = (n: number): number => (Object.is(n, -0) ? 0 : n);

/** Options for {@link messageArbitrary}. */
export interface ArbitraryOptions {
  /** Allow enum numbers outside the declared values (proto3 open enums). Default true. */
  readonly unknownEnums?: boolean;
  /** Map keys to exclude (e.g. `__proto__` for libraries that cannot hold it). */
  readonly excludeKeys?: readonly string[];
}

/** An arbitrary scalar value of `type`. */
export function scalarArbitrary(type: ScalarType): fc.Arbitrary<unknown> {
  switch (type) {
    case "double":
      return fc.double().map(noNegZero);
    case "float":
      return fc.float().map(noNegZero);
    case "int32":
    case "sint32":
    case "sfixed32":
      return fc.integer();
    case "uint32":
    case "fixed32":
      return fc.integer({ min: 0, max: 4294967295 });
    case "int64":
    case "sint64":
    case "sfixed64":
      return fc.bigInt(INT64);
    case "uint64":
    case "fixed64":
      return fc.bigInt(UINT64);
    case "bool":
      return fc.boolean();
    case "string":
      return fc.string({ unit: "grapheme", maxLength: 12 });
    case "bytes":
      return fc.uint8Array({ maxLength: 12 });
  }
}

function mapKeyArbitrary(type: ScalarType, exclude: readonly string[]): fc.Arbitrary<string> {
  const base: fc.Arbitrary<string> = type === "string"
    ? fc.string({ maxLength: 6 })
    : type === "bool"
      ? fc.constantFrom("true", "false")
      : scalarArbitrary(type).map((v) => String(v));
  return base.filter((k) => !exclude.includes(k));
}

/** An arbitrary message of `type`. */
export function messageArbitrary<T>(type: MessageType<T>, options: ArbitraryOptions = {}, depth = 3): fc.Arbitrary<T> {
  const unknownEnums = options.unknownEnums ?? true;
  const exclude = options.excludeKeys ?? [];
  const valueArb = (info: MapValueInfo | FieldInfo): fc.Arbitrary<unknown> => {
    switch (info.kind) {
      case "scalar":
      case "wrapper":
        return scalarArbitrary(info.type);
      case "enum": {
        const e = info.type();
        const values = [...e.numbers.values()];
        const knownArb = fc.constantFrom(...values);
        return unknownEnums ? fc.oneof({ arbitrary: knownArb, weight: 4 }, { arbitrary: fc.integer({ min: 0, max: 1000 }), weight: 1 }) : knownArb;
      }
      case "message":
        return messageArbitrary(info.type(), options, depth - 1);
      case "map":
        throw new Error("nested map");
    }
  };
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  const oneofs = new Map<string, FieldInfo[]>();
  for (const f of type.fields) {
    if (f.oneof !== undefined) {
      oneofs.set(f.oneof, [...(oneofs.get(f.oneof) ?? []), f]);
      continue;
    }
    if (f.kind === "message" && f.repeated !== true && depth <= 0) continue;
    if (f.kind === "map") {
      if (f.value.kind === "message" && depth <= 0) continue;
      record[f.name] = fc.dictionary(mapKeyArbitrary(f.key, exclude), valueArb(f.value), { maxKeys: 3 });
    } else if (f.repeated === true) {
      if (f.kind === "message" && depth <= 0) continue;
      record[f.name] = fc.array(valueArb(f), { maxLength: f.kind === "message" ? 2 : 4 });
    } else if (f.kind === "message" || f.kind === "wrapper" || f.presence === true) {
      record[f.name] = fc.option(valueArb(f), { nil: undefined });
    } else {
      record[f.name] = valueArb(f);
    }
  }
  for (const [name, members] of oneofs) {
    const usable = members.filter((m) => !(m.kind === "message" && depth <= 0));
    record[name] = fc.oneof(
      fc.constant({ case: undefined }),
      ...usable.map((m) => valueArb(m).map((value) => ({ case: m.name, value }))),
    );
  }
  return fc.record(record).map((init) => type.create(init as MessageInit<T>));
}
