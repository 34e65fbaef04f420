/**
 * The descriptors generated code embeds: each generated module ends with one constant per `.proto`
 * file, `fileDescriptor("a/b.proto", "<base64 FileDescriptorProto>", [imports…])`, which server
 * reflection serves without any `.proto` file at run time. Creating one registers it here, so on
 * an unbundled server importing a generated module is enough for `createServer({ reflection: true })`.
 *
 * The call is marked `@__PURE__` in generated code: a bundler drops the constant — and with it the
 * string and the registration — wherever nothing references it (a browser client never does). A
 * server bundled with tree shaking lists its files instead: `reflection: { files: [file_a_b] }`.
 */
import { base64Decode } from "./base64.ts";

/** One `.proto` file's descriptor, with the descriptors of the files it imports. */
export interface FileDescriptor {
  /** The file's include-relative path, e.g. `"greeter/v1/greeter.proto"`. */
  readonly name: string;
  /**
   * Its serialized `google.protobuf.FileDescriptorProto` (no source info), decoded from the
   * embedded base64 on first read and shared from then on: do not modify it.
   */
  readonly bytes: Uint8Array;
  /** The files it imports (`dependency`), in import order. */
  readonly dependencies: readonly FileDescriptor[];
}

/** Every descriptor created so far, by file name; the first one of a name stays. */
const registry = new Map<string, FileDescriptor>();

/**
 * A file's descriptor, registered (by name) for server reflection. Generated code calls it; the
 * object is frozen and its bytes are decoded lazily. A second file of the same name (the same
 * file generated into two output folders) leaves the first one registered.
 */
export function fileDescriptor(name: string, base64: string, dependencies: readonly FileDescriptor[] = []): FileDescriptor {
  let bytes: Uint8Array | undefined;
  const file: FileDescriptor = Object.freeze({
    name,
    get bytes(): Uint8Array {
      return (bytes ??= base64Decode(base64));
    },
    dependencies: Object.freeze([...dependencies]),
  });
  if (!registry.has(name)) registry.set(name, file);
  return file;
}

/** The registered descriptors (every generated module imported so far), in registration order. */
export function registeredFileDescriptors(): readonly FileDescriptor[] {
  return [...registry.values()];
}
