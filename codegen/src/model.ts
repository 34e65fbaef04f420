/**
 * The codegen's input model: plain data describing `.proto` files, independent of protobufjs, so
 * the emitter ({@link generate}) is a pure function that tests can feed directly. Built from
 * parsed protos by `buildModel`.
 */

/** A protobuf scalar type name. */
export type Scalar =
  | "double" | "float" | "int32" | "int64" | "uint32" | "uint64" | "sint32" | "sint64"
  | "fixed32" | "fixed64" | "sfixed32" | "sfixed64" | "bool" | "string" | "bytes";

/** Documentation carried from the `.proto` source. */
export interface Documented {
  /** The comment attached to the definition, without comment markers. */
  readonly comment?: string | undefined;
  /** `[deprecated = true]` / `option deprecated = true`. */
  readonly deprecated?: boolean | undefined;
}

/** The type of a single value (a field, a list element, a map value). */
export type ValueType =
  | { readonly kind: "scalar"; readonly scalar: Scalar }
  | { readonly kind: "enum"; readonly typeName: string }
  | { readonly kind: "message"; readonly typeName: string };

/** A message field. */
export interface FieldModel extends Documented {
  /** Name as written in the `.proto` file. */
  readonly protoName: string;
  readonly number: number;
  /** JSON name: `json_name` option or protoc's lowerCamelCase. */
  readonly jsonName: string;
  /** `single` (implicit or explicit presence, see `presence`), `repeated` or `map`. */
  readonly cardinality: "single" | "repeated" | "map";
  /** For maps: the key scalar. */
  readonly mapKey?: Scalar | undefined;
  /** Element type (for maps: the value type). */
  readonly type: ValueType;
  /** Explicit presence (`optional`, proto2 `optional`/`required`, messages). */
  readonly presence: boolean;
  /** proto2 `required`. */
  readonly required: boolean;
  /** Repeated scalars written packed. */
  readonly packed: boolean;
  /** A message written as a group (START_GROUP … END_GROUP): proto2 `group`, editions `DELIMITED`. */
  readonly delimited?: boolean | undefined;
  /** proto name of the containing (real, non-synthetic) oneof. */
  readonly oneof?: string | undefined;
  /** String values (and string map keys) must be valid UTF-8: proto3, editions' `utf8_validation = VERIFY`. */
  readonly verifyUtf8?: true | undefined;
  /** proto2 `[default = …]`, as written (strings unquoted). */
  readonly defaultValue?: string | number | boolean | undefined;
  /** proto3 `optional` (presence through a synthetic oneof), messages included. */
  readonly proto3Optional?: true | undefined;
}

/** A oneof (synthetic proto3-optional oneofs are not listed). */
export interface OneofModel extends Documented {
  readonly protoName: string;
}

/** A message, possibly nested (nesting is flattened; `localName` keeps the path). */
export interface MessageModel extends Documented {
  /** Fully-qualified name without leading dot, e.g. `"shop.v1.Order.Line"`. */
  readonly typeName: string;
  /** Name relative to the package, e.g. `"Order.Line"`. */
  readonly localName: string;
  readonly fields: readonly FieldModel[];
  readonly oneofs: readonly OneofModel[];
  /** Human notes about things not generated (groups, extensions). */
  readonly notes: readonly string[];
  /** `extensions …` ranges as `[start, end)` (the end exclusive, as in `DescriptorProto`). */
  readonly extensionRanges?: ReadonlyArray<readonly [number, number]> | undefined;
  /** `option message_set_wire_format = true`. */
  readonly messageSet?: true | undefined;
}

/** An enum value. */
export interface EnumValueModel extends Documented {
  readonly name: string;
  readonly number: number;
}

/** An enum, possibly nested. */
export interface EnumModel extends Documented {
  readonly typeName: string;
  readonly localName: string;
  readonly values: readonly EnumValueModel[];
  /** Closed (proto2, editions `enum_type = CLOSED`): a number that is no member is kept as an unknown field. */
  readonly closed?: true | undefined;
}

/** An rpc. */
export interface MethodModel extends Documented {
  readonly name: string;
  readonly inputType: string;
  readonly outputType: string;
  readonly clientStreaming: boolean;
  readonly serverStreaming: boolean;
  readonly idempotency: "unknown" | "no_side_effects" | "idempotent";
}

/** A service. */
export interface ServiceModel extends Documented {
  readonly typeName: string;
  readonly localName: string;
  readonly methods: readonly MethodModel[];
}

/** One `.proto` file. */
export interface FileModel {
  /** Include-relative path, e.g. `"shop/v1/order.proto"`. */
  readonly protoPath: string;
  readonly packageName: string;
  readonly syntax: "proto2" | "proto3" | "editions";
  /**
   * Include-relative paths of its imports, in declaration order (`FileDescriptorProto.dependency`).
   * Both builders set it; a hand-built model may leave it out, and then the files declaring the
   * types it references are taken, in path order.
   */
  readonly dependencies?: readonly string[] | undefined;
  /** Indexes into `dependencies` of `import public` ones. */
  readonly publicDependencies?: readonly number[] | undefined;
  /** Indexes into `dependencies` of `import weak` ones. */
  readonly weakDependencies?: readonly number[] | undefined;
  readonly messages: readonly MessageModel[];
  readonly enums: readonly EnumModel[];
  readonly services: readonly ServiceModel[];
  /** Extensions declared in the file (at top level or inside its messages). */
  readonly extensions: readonly ExtensionModel[];
  /** Human notes about constructs not generated. */
  readonly notes: readonly string[];
}

/** An extension: a field of another message (`extendee`) declared here. */
export interface ExtensionModel {
  /** Name relative to the package, with its enclosing messages: `"priority"`, `"Outer.priority"`. */
  readonly localName: string;
  /** Fully-qualified name, e.g. `"acme.v1.priority"`. */
  readonly typeName: string;
  /** Fully-qualified name of the extended message. */
  readonly extendee: string;
  /** The extendee uses `message_set_wire_format`: values travel as MessageSet items. */
  readonly messageSet: boolean;
  readonly field: FieldModel;
}

/** Everything `generate` needs. */
export interface Model {
  /** Files to generate code for (dependencies included so every import resolves). */
  readonly files: readonly FileModel[];
}
