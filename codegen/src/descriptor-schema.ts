/**
 * The part of `google/protobuf/descriptor.proto` and `compiler/plugin.proto` plugin mode reads and
 * writes — and that the descriptors embedded in generated code are encoded with — as a protobufjs schema (the codegen already depends on protobufjs; the bundled
 * `descriptor.proto` predates editions, so the fields used are declared here with their real
 * numbers). Unknown fields of a request are skipped, so newer protoc and buf versions work.
 */
import protobuf from "protobufjs";

const SCHEMA = `
syntax = "proto2";
package strand.plugin;
message FeatureSet {
  optional int32 field_presence = 1; optional int32 enum_type = 2; optional int32 repeated_field_encoding = 3;
  optional int32 utf8_validation = 4; optional int32 message_encoding = 5; optional int32 json_format = 6;
}
message FileOptions { optional FeatureSet features = 50; }
message MessageOptions { optional bool message_set_wire_format = 1; optional bool deprecated = 3; optional bool map_entry = 7; optional FeatureSet features = 12; }
message FieldOptions { optional bool packed = 2; optional bool deprecated = 3; optional FeatureSet features = 21; }
message OneofOptions { optional FeatureSet features = 1; }
message EnumOptions { optional bool allow_alias = 2; optional bool deprecated = 3; optional FeatureSet features = 7; }
message EnumValueOptions { optional bool deprecated = 1; optional FeatureSet features = 2; }
message ServiceOptions { optional bool deprecated = 33; optional FeatureSet features = 34; }
message MethodOptions { optional bool deprecated = 33; optional int32 idempotency_level = 34; optional FeatureSet features = 35; }
message FieldDescriptorProto {
  optional string name = 1; optional string extendee = 2; optional int32 number = 3; optional int32 label = 4;
  optional int32 type = 5; optional string type_name = 6; optional string default_value = 7; optional FieldOptions options = 8;
  optional int32 oneof_index = 9; optional string json_name = 10; optional bool proto3_optional = 17;
}
message OneofDescriptorProto { optional string name = 1; optional OneofOptions options = 2; }
message EnumValueDescriptorProto { optional string name = 1; optional int32 number = 2; optional EnumValueOptions options = 3; }
message EnumDescriptorProto { optional string name = 1; repeated EnumValueDescriptorProto value = 2; optional EnumOptions options = 3; }
message DescriptorProto {
  message ExtensionRange { optional int32 start = 1; optional int32 end = 2; }
  optional string name = 1; repeated FieldDescriptorProto field = 2; repeated DescriptorProto nested_type = 3;
  repeated EnumDescriptorProto enum_type = 4; repeated ExtensionRange extension_range = 5; repeated FieldDescriptorProto extension = 6;
  optional MessageOptions options = 7; repeated OneofDescriptorProto oneof_decl = 8;
}
message MethodDescriptorProto {
  optional string name = 1; optional string input_type = 2; optional string output_type = 3; optional MethodOptions options = 4;
  optional bool client_streaming = 5; optional bool server_streaming = 6;
}
message ServiceDescriptorProto { optional string name = 1; repeated MethodDescriptorProto method = 2; optional ServiceOptions options = 3; }
message SourceCodeInfo {
  message Location { repeated int32 path = 1; repeated int32 span = 2; optional string leading_comments = 3; optional string trailing_comments = 4; }
  repeated Location location = 1;
}
message FileDescriptorProto {
  optional string name = 1; optional string package = 2; repeated string dependency = 3; repeated DescriptorProto message_type = 4;
  repeated EnumDescriptorProto enum_type = 5; repeated ServiceDescriptorProto service = 6; repeated FieldDescriptorProto extension = 7;
  optional FileOptions options = 8; optional SourceCodeInfo source_code_info = 9; repeated int32 public_dependency = 10;
  repeated int32 weak_dependency = 11;
  optional string syntax = 12; optional int32 edition = 14;
}
message FileDescriptorSet { repeated FileDescriptorProto file = 1; }
message CodeGeneratorRequest {
  repeated string file_to_generate = 1; optional string parameter = 2; repeated FileDescriptorProto proto_file = 15;
}
message CodeGeneratorResponse {
  message File { optional string name = 1; optional string content = 15; }
  optional string error = 1; optional uint64 supported_features = 2; optional int32 minimum_edition = 3;
  optional int32 maximum_edition = 4; repeated File file = 15;
}
`;

/** Resolved editions features (enum numbers of `google.protobuf.FeatureSet`). */
export interface FeatureSet {
  readonly fieldPresence?: number;
  readonly enumType?: number;
  readonly repeatedFieldEncoding?: number;
  readonly utf8Validation?: number;
  readonly messageEncoding?: number;
  readonly jsonFormat?: number;
}

interface WithFeatures {
  readonly features?: FeatureSet;
}

/** `FieldDescriptorProto` (type names fully qualified with a leading dot, as protoc sends them). */
export interface FieldProto {
  readonly name: string;
  readonly extendee?: string;
  readonly number: number;
  readonly label?: number;
  readonly type?: number;
  readonly typeName?: string;
  readonly defaultValue?: string;
  readonly options?: WithFeatures & { readonly packed?: boolean; readonly deprecated?: boolean };
  readonly oneofIndex?: number;
  readonly jsonName?: string;
  readonly proto3Optional?: boolean;
}

/** `DescriptorProto`. */
export interface MessageProto {
  readonly name: string;
  readonly field?: readonly FieldProto[];
  readonly nestedType?: readonly MessageProto[];
  readonly enumType?: readonly EnumProto[];
  readonly extension?: readonly FieldProto[];
  /** `[start, end)` ranges of extension numbers. */
  readonly extensionRange?: ReadonlyArray<{ readonly start?: number; readonly end?: number }>;
  readonly options?: WithFeatures & { readonly messageSetWireFormat?: boolean; readonly deprecated?: boolean; readonly mapEntry?: boolean };
  readonly oneofDecl?: ReadonlyArray<{ readonly name: string; readonly options?: WithFeatures }>;
}

/** `EnumDescriptorProto`. */
export interface EnumProto {
  readonly name: string;
  readonly value?: ReadonlyArray<{ readonly name: string; readonly number?: number; readonly options?: { readonly deprecated?: boolean } }>;
  readonly options?: WithFeatures & { readonly allowAlias?: boolean; readonly deprecated?: boolean };
}

/** `ServiceDescriptorProto`. */
export interface ServiceProto {
  readonly name: string;
  readonly method?: ReadonlyArray<{
    readonly name: string;
    readonly inputType: string;
    readonly outputType: string;
    readonly clientStreaming?: boolean;
    readonly serverStreaming?: boolean;
    readonly options?: { readonly deprecated?: boolean; readonly idempotencyLevel?: number };
  }>;
  readonly options?: { readonly deprecated?: boolean };
}

/** `FileDescriptorProto`. */
export interface FileProto {
  readonly name: string;
  readonly package?: string;
  readonly dependency?: readonly string[];
  /** Indexes into `dependency` of `import public` files. */
  readonly publicDependency?: readonly number[];
  /** Indexes into `dependency` of `import weak` files. */
  readonly weakDependency?: readonly number[];
  readonly messageType?: readonly MessageProto[];
  readonly enumType?: readonly EnumProto[];
  readonly service?: readonly ServiceProto[];
  readonly extension?: readonly FieldProto[];
  readonly options?: WithFeatures;
  readonly sourceCodeInfo?: {
    readonly location?: ReadonlyArray<{ readonly path?: readonly number[]; readonly leadingComments?: string; readonly trailingComments?: string }>;
  };
  readonly syntax?: string;
  readonly edition?: number;
}

/** `CodeGeneratorRequest`. */
export interface PluginRequest {
  readonly fileToGenerate?: readonly string[];
  readonly parameter?: string;
  readonly protoFile?: readonly FileProto[];
}

/** `CodeGeneratorResponse`. */
export interface PluginResponse {
  readonly error?: string;
  readonly supportedFeatures?: number;
  readonly minimumEdition?: number;
  readonly maximumEdition?: number;
  readonly file?: ReadonlyArray<{ readonly name: string; readonly content: string }>;
}

let root: protobuf.Root | undefined;
function lookup(name: string): protobuf.Type {
  root ??= protobuf.parse(SCHEMA).root;
  return root.lookupType(`strand.plugin.${name}`);
}

const TO_OBJECT: protobuf.IConversionOptions = { longs: Number, enums: Number, defaults: false, arrays: false };

/** Decodes a `CodeGeneratorRequest` (throws protobufjs's error on malformed bytes). */
export function decodeRequest(bytes: Uint8Array): PluginRequest {
  const type = lookup("CodeGeneratorRequest");
  return type.toObject(type.decode(bytes), TO_OBJECT) as PluginRequest;
}

/** Decodes a `FileDescriptorSet` (as `protoc --descriptor_set_out` writes it). */
export function decodeFileSet(bytes: Uint8Array): readonly FileProto[] {
  const type = lookup("FileDescriptorSet");
  return (type.toObject(type.decode(bytes), TO_OBJECT) as { file?: FileProto[] }).file ?? [];
}

/** Encodes a `FileDescriptorProto` (fields in number order, as protoc writes them: deterministic). */
export function encodeFileProto(file: FileProto): Uint8Array {
  const type = lookup("FileDescriptorProto");
  return type.encode(type.fromObject(file)).finish();
}

/** Decodes one `FileDescriptorProto`. */
export function decodeFileProto(bytes: Uint8Array): FileProto {
  const type = lookup("FileDescriptorProto");
  return type.toObject(type.decode(bytes), TO_OBJECT) as FileProto;
}

/** Encodes a `CodeGeneratorResponse`. */
export function encodeResponse(response: PluginResponse): Uint8Array {
  const type = lookup("CodeGeneratorResponse");
  return type.encode(type.fromObject(response)).finish();
}
