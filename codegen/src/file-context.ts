/**
 * Per-output-file state while emitting: resolves type references to identifiers (adding relative
 * imports, aliased when two files export the same name) and collects the runtime names used, so
 * the import block lists exactly what the file needs — in a deterministic order.
 */
import { CodegenError } from "./diagnostic.ts";
import { relativeImport } from "./names.ts";
import type { IndexedType } from "./type-index.ts";

/**
 * The two specifiers generated code imports, both subpaths of the one runtime package users
 * install (`strand`), so npm, bun and pnpm's strict layout all resolve them. Both are browser-safe
 * (nothing Bun-only in their import graph): the same generated files serve servers, the browser
 * client and plugin mode without being generated again.
 */
export const RUNTIME_MODULE = "strand/protobuf";
/** See {@link RUNTIME_MODULE}: service descriptors and the client/handler types. */
export const SERVICE_MODULE = "strand/service";

/** A named import of one module. */
export interface ImportSpec {
  readonly module: string;
  /** `[exported name, local alias or undefined, typeOnly]`. */
  readonly names: ReadonlyArray<readonly [string, string | undefined, boolean]>;
}

/** Import and reference bookkeeping for one generated file. */
export class FileContext {
  private readonly runtimeValues = new Set<string>();
  private readonly runtimeTypes = new Set<string>();
  private readonly rpcValues = new Set<string>();
  private readonly rpcTypes = new Set<string>();
  /** module → exported name → local name. */
  private readonly fileImports = new Map<string, Map<string, string>>();
  private readonly usedLocals = new Set<string>();

  constructor(
    /** Output path of this file, e.g. `acme/shop/v1/shop.ts`. */
    readonly outFile: string,
    private readonly index: ReadonlyMap<string, IndexedType>,
    /** TypeScript names declared in this file (imports must not shadow them). */
    localNames: Iterable<string>,
  ) {
    for (const name of localNames) this.usedLocals.add(name);
  }

  /** The indexed type, or a CodegenError (the loader already checked, so this is a bug guard). */
  lookup(typeName: string): IndexedType {
    const found = this.index.get(typeName);
    if (found === undefined) throw new CodegenError("unknown_type", `unknown type ${typeName}`);
    return found;
  }

  /** The identifier for `typeName` in this file, importing it when declared elsewhere. */
  ref(typeName: string): string {
    const t = this.lookup(typeName);
    return this.importFrom(t.outFile, t.tsName);
  }

  /** The local name of `exported` from generated file `outFile` (itself when it is this file), imported under an alias when the name is taken. */
  importFrom(outFile: string, exported: string): string {
    if (outFile === this.outFile) return exported;
    const module = relativeImport(this.outFile, outFile);
    let names = this.fileImports.get(module);
    if (names === undefined) {
      names = new Map();
      this.fileImports.set(module, names);
    }
    const existing = names.get(exported);
    if (existing !== undefined) return existing;
    let local = exported;
    for (let n = 1; this.usedLocals.has(local); n++) local = `${exported}$${n}`;
    this.usedLocals.add(local);
    names.set(exported, local);
    return local;
  }

  /** Marks a message-runtime (`strand/protobuf`) value as used and returns its name. */
  runtime(name: string): string {
    this.runtimeValues.add(name);
    return name;
  }

  /** Marks a message-runtime (`strand/protobuf`) type as used and returns its name. */
  runtimeType(name: string): string {
    this.runtimeTypes.add(name);
    return name;
  }

  /** Marks a service-descriptor (`strand/service`) value as used. */
  rpc(name: string): string {
    this.rpcValues.add(name);
    return name;
  }

  /** Marks a service-descriptor (`strand/service`) type as used. */
  rpcType(name: string): string {
    this.rpcTypes.add(name);
    return name;
  }

  /** All imports, packages first, then relative modules, names sorted. */
  imports(): ImportSpec[] {
    const out: ImportSpec[] = [];
    const pkg = (module: string, values: Set<string>, types: Set<string>): void => {
      const names: Array<readonly [string, string | undefined, boolean]> = [
        ...[...values].map((n) => [n, undefined, false] as const),
        ...[...types].filter((n) => !values.has(n)).map((n) => [n, undefined, true] as const),
      ].sort((a, b) => compare(a[0], b[0]));
      if (names.length > 0) out.push({ module, names });
    };
    pkg(RUNTIME_MODULE, this.runtimeValues, this.runtimeTypes);
    pkg(SERVICE_MODULE, this.rpcValues, this.rpcTypes);
    for (const module of [...this.fileImports.keys()].sort(compare)) {
      const names = [...(this.fileImports.get(module) ?? new Map<string, string>())]
        .map(([exported, local]) => [exported, local === exported ? undefined : local, false] as const)
        .sort((a, b) => compare(a[0], b[0]));
      out.push({ module, names });
    }
    return out;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
