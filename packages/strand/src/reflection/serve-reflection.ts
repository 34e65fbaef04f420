/**
 * `createServer({ reflection })`: off by default; `true` serves every file the runtime's registry
 * holds (each generated module registers its file when imported — enough for an unbundled server);
 * `{ files }` serves those files and what they import, for servers bundled with tree shaking, where
 * only referenced descriptor constants survive. Either way the server's own health and reflection
 * files are served too, and `list_services` names every service added to the server.
 */
import { type FileDescriptor, registeredFileDescriptors } from "@strand/protobuf";
import type { ServiceDescriptor, ServiceHandlers } from "@strand/rpc";
import { file_grpc_health_v1_health } from "../gen/grpc/health/v1/health.ts";
import { file_grpc_reflection_v1_reflection } from "../gen/grpc/reflection/v1/reflection.ts";
import { file_grpc_reflection_v1alpha_reflection } from "../gen/grpc/reflection/v1alpha/reflection.ts";
import { FileIndex, withDependencies } from "./file-index.ts";
import { reflectionHandlers, reflectionV1AlphaHandlers, ServerReflection, ServerReflectionV1Alpha } from "./reflection-service.ts";

/** What reflection serves, when not every registered file (see {@link ReflectionOption}). */
export interface ReflectionOptions {
  /**
   * The files to describe — generated descriptor constants such as `file_greeter_v1_greeter`,
   * each exported by its generated module — with everything they import. Referencing them keeps
   * them in a tree-shaken bundle. Default: every registered file (as `reflection: true`).
   */
  readonly files?: readonly FileDescriptor[];
}

/** `createServer`'s `reflection` option: `false` (default), `true`, or {@link ReflectionOptions}. */
export type ReflectionOption = boolean | ReflectionOptions;

/** The part of a server reflection registers itself on. */
interface ServiceTarget {
  add<S extends ServiceDescriptor>(service: S, handlers: Partial<ServiceHandlers<S>>): unknown;
}

/** The services reflection lists; the facade reports each one added. */
export interface ReflectedServices {
  /** Lists `serviceName` in `list_services`. */
  follow(serviceName: string): void;
}

/** The server's own files: served whatever `files` says, so what `list_services` names resolves. */
const BUILT_IN: readonly FileDescriptor[] = [file_grpc_health_v1_health, file_grpc_reflection_v1_reflection, file_grpc_reflection_v1alpha_reflection];

/**
 * Adds v1 and v1alpha reflection to `server` when `option` asks for it (throws `TypeError` on a
 * malformed option); returns where to report services, or `undefined` when reflection is off.
 * `listed` are services already added (the health service).
 */
export function serveReflection(server: ServiceTarget, option: ReflectionOption | undefined, listed: readonly string[] = []): ReflectedServices | undefined {
  const files = verifyReflectionOption(option);
  if (files === false) return undefined;
  const index = new FileIndex(files === "registered" ? registeredFileDescriptors : constant(withDependencies([...files, ...BUILT_IN])));
  const services = new Set([...listed, ServerReflection.typeName, ServerReflectionV1Alpha.typeName]);
  const names = (): Iterable<string> => services;
  server.add(ServerReflection, reflectionHandlers(index, names));
  server.add(ServerReflectionV1Alpha, reflectionV1AlphaHandlers(index, names));
  return { follow: (name) => void services.add(name) };
}

function constant<T>(value: T): () => T {
  return () => value;
}

/** `false` (off), `"registered"` (the registry) or the files asked for. */
function verifyReflectionOption(option: unknown): false | "registered" | readonly FileDescriptor[] {
  if (option === undefined || option === false) return false;
  if (option === true) return "registered";
  if (typeof option === "object" && option !== null && !Array.isArray(option)) {
    const files: unknown = (option as { files?: unknown }).files;
    if (files === undefined) return "registered";
    if (Array.isArray(files) && files.every(isFileDescriptor)) return files;
  }
  throw new TypeError(`createServer: reflection must be a boolean or { files: FileDescriptor[] } (the generated file_… constants), got ${describe(option)}`);
}

function isFileDescriptor(value: unknown): value is FileDescriptor {
  if (typeof value !== "object" || value === null) return false;
  const file = value as Partial<FileDescriptor>;
  // `bytes` is decoded on first read: checked for presence only, so nothing is decoded before a client asks.
  return typeof file.name === "string" && Array.isArray(file.dependencies) && "bytes" in file;
}

function describe(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
