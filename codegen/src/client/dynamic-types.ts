/**
 * Message types and service descriptors for a schema known only at run time (from reflection or
 * from `--proto` files): the codegen generates its usual TypeScript for the schema into a private
 * temporary directory and imports it. The CLI thus encodes, decodes and maps JSON with exactly
 * the code a project would generate — the conformance-tested codecs — instead of a second,
 * reflective implementation that could disagree with them.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { MessageType, Registry } from "strand/protobuf";
import type { ServiceDescriptor } from "strand";
import { generate } from "../generate.ts";
import type { Model } from "../model.ts";
import { outputPath } from "../names.ts";

/** The run-time types of a schema. */
export interface DynamicTypes {
  /** By fully-qualified name, e.g. `"greeter.v1.HelloRequest"`. */
  readonly messages: ReadonlyMap<string, MessageType>;
  /** By fully-qualified name, e.g. `"greeter.v1.Greeter"`. */
  readonly services: ReadonlyMap<string, ServiceDescriptor>;
  /** Every message type, for `google.protobuf.Any` in JSON. */
  readonly registry: Registry;
}

/** The runtime modules generated code imports, as bare specifiers. */
const RUNTIME_SPECIFIERS = ["strand/protobuf", "strand/service"] as const;

/**
 * Generates and imports the code of every file of `model`. The temporary directory holds no
 * `node_modules`, so the runtime specifiers are rewritten to the files this CLI resolves them to
 * (the project's own `strand`); the directory is removed once the modules are loaded.
 */
export async function loadDynamicTypes(model: Model, extraTypes: readonly MessageType[] = []): Promise<DynamicTypes> {
  const resolved = new Map(RUNTIME_SPECIFIERS.map((s) => [s, import.meta.resolve(s)] as const));
  const files = generate(model);
  const dir = mkdtempSync(join(tmpdir(), "strand-cli-"));
  try {
    for (const file of files) {
      const path = join(dir, file.path);
      mkdirSync(dirname(path), { recursive: true });
      let text = file.content;
      for (const [specifier, url] of resolved) text = text.replaceAll(`from "${specifier}"`, `from ${JSON.stringify(url)}`);
      writeFileSync(path, text);
    }
    const messages = new Map<string, MessageType>();
    const services = new Map<string, ServiceDescriptor>();
    for (const file of model.files) {
      const exports: Record<string, unknown> = await import(pathToFileURL(join(dir, outputPath(file.protoPath))).href);
      for (const value of Object.values(exports)) collect(value, messages, services);
    }
    const { createRegistry } = await import("strand/protobuf");
    // The schema's own types last: they win over `extraTypes` of the same name.
    return { messages, services, registry: createRegistry(...extraTypes, ...messages.values()) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The message types among a module's exports (e.g. `strand/errors`, for error details). */
export function messageTypesOf(exports: Readonly<Record<string, unknown>>): MessageType[] {
  const messages = new Map<string, MessageType>();
  for (const value of Object.values(exports)) collect(value, messages, new Map());
  return [...messages.values()];
}

/** Sorts one export of a generated module into messages or services (enums and the rest are skipped). */
function collect(value: unknown, messages: Map<string, MessageType>, services: Map<string, ServiceDescriptor>): void {
  if (typeof value !== "object" || value === null || !("typeName" in value) || typeof value.typeName !== "string") return;
  if ("fields" in value && "encode" in value) messages.set(value.typeName, value as MessageType);
  else if ("methods" in value && typeof value.methods === "object") services.set(value.typeName, value as ServiceDescriptor);
}
