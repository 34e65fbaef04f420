/**
 * Parses `.proto` files and everything they import into one protobufjs `Root`, keeping comments,
 * recording which file declares each type, and turning protobufjs's errors (which carry at most
 * a line) into {@link CodegenError}s with `file:line:col`. Reads files only through a
 * {@link ProtoReader}, so the CLI decides where bytes come from and tests can use memory.
 */
import protobuf from "protobufjs";
import { CodegenError, escapeRegExp, locate, positionAt, type SourceLocation, stripComments } from "./diagnostic.ts";
import { checkDeclarations, type Violation } from "./declaration-rules.ts";
import { type ProtoScan, scanProto } from "./proto-scan.ts";
import { type DeclaredImports, declaredImports } from "./import-order.ts";
import { protocRuleViolations } from "./protoc-rules.ts";

/** A `.proto` file's text plus how to name it in messages. */
export interface ProtoSourceFile {
  /** The path relative to its include directory, e.g. `"shop/v1/order.proto"`. */
  readonly protoPath: string;
  /** The path to show in diagnostics (as the user would open it). */
  readonly displayPath: string;
  readonly text: string;
}

/** Finds `.proto` files by their include-relative path. */
export interface ProtoReader {
  /** The file, or `undefined` when no include directory has it. */
  read(protoPath: string): ProtoSourceFile | undefined;
}

/** One parsed file (with its imports as `FileDescriptorProto` lists them). */
export interface LoadedFile extends ProtoSourceFile, DeclaredImports {
  /** `package` declaration, or `""`. */
  readonly packageName: string;
  /** `proto2` (also the default), `proto3` or `editions`. */
  readonly syntax: "proto2" | "proto3" | "editions";
  /** Include-relative paths of its imports. */
  readonly imports: readonly string[];
}

/** The result of {@link loadProtos}. */
export interface LoadedProtos {
  /** Every type, resolved. */
  readonly root: protobuf.Root;
  /** Every loaded file by include-relative path, requested files and imports alike. */
  readonly files: ReadonlyMap<string, LoadedFile>;
  /** Fully-qualified type/service name (no leading dot) → declaring file's include-relative path. */
  readonly declaredIn: ReadonlyMap<string, string>;
}

/** protobufjs reads the current file name for its messages from a property of `parse`. */
const parseState = protobuf.parse as unknown as { filename: string | null };

const SCALARS = new Set(Object.keys(protobuf.types.basic));

/**
 * protobufjs keeps fields in plain objects, so a field named `__proto__` would vanish into the
 * prototype. The parser sees this same-length placeholder instead; `buildModel` maps it back.
 */
export const PROTO_PLACEHOLDER = "__protoX_";

const PARSE_OPTIONS = { keepCase: true, alternateCommentMode: true, preferTrailingComment: false };

/** Loads `requested` (include-relative paths) and their imports; throws {@link CodegenError}. */
export function loadProtos(requested: readonly string[], reader: ProtoReader): LoadedProtos {
  const root = new protobuf.Root();
  const files = new Map<string, LoadedFile>();
  const declaredIn = new Map<string, string>();

  /** Problems found so far; all are reported together (protoc reports every error, not the first). */
  const violations: Violation[] = [];
  const scans = new Map<string, ProtoScan>();
  /** The files being loaded, outermost first: an import of one of them is a cycle, which protoc refuses. */
  const loading: string[] = [];
  const load = (protoPath: string, from: { file: LoadedFile; text: string } | undefined): void => {
    const open = loading.indexOf(protoPath);
    if (open >= 0 && from !== undefined) {
      const at = locate(from.file.displayPath, from.text, new RegExp(`import\\s+(?:public\\s+|weak\\s+)?["'](${escapeRegExp(protoPath)})["']`), 1);
      throw new CodegenError("invalid_definition", `File recursively imports itself: ${[...loading.slice(open), protoPath].join(" -> ")}`, at);
    }
    if (files.has(protoPath)) return;
    const source = reader.read(protoPath);
    if (source === undefined) {
      if (from === undefined) throw new CodegenError("io", `cannot read ${protoPath}`);
      const at = locate(from.file.displayPath, from.text, new RegExp(`import\\s+(?:public\\s+|weak\\s+)?["'](${escapeRegExp(protoPath)})["']`), 1);
      throw new CodegenError("missing_import", `import "${protoPath}" not found in any include directory (-I)`, at);
    }
    let parsed: protobuf.IParserResult;
    const before = new Set(declaredIn.keys());
    const scan = scanProto(source.text);
    scans.set(protoPath, scan);
    const found = checkDeclarations(source.displayPath, scan);
    violations.push(...found);
    try {
      parseState.filename = source.displayPath;
      parsed = protobuf.parse(source.text.replace(/\b__proto__\b/g, PROTO_PLACEHOLDER), root, PARSE_OPTIONS);
    } catch (error) {
      // protobufjs stops at what the declaration checks already reported (a duplicate, a
      // reserved number); anything else is a syntax error, reported alone as protoc does.
      if (found.length > 0) return;
      throw parseError(source, error);
    } finally {
      parseState.filename = null;
    }
    for (const name of collectNames(root)) if (!before.has(name)) declaredIn.set(name, protoPath);
    const syntaxMatch = /^\s*(syntax|edition)\s*=\s*["']([^"']+)["']/m.exec(stripComments(source.text));
    const syntax = syntaxMatch === null ? "proto2" : syntaxMatch[1] === "edition" ? "editions" : syntaxMatch[2] === "proto3" ? "proto3" : "proto2";
    const imports = [...(parsed.imports ?? []), ...(parsed.weakImports ?? [])];
    const file: LoadedFile = { ...source, packageName: parsed.package ?? "", syntax, imports, ...declaredImports(source.text, parsed.imports ?? [], parsed.weakImports ?? []) };
    files.set(protoPath, file);
    loading.push(protoPath);
    for (const imported of imports) {
      checkImportPath(imported, file, source.text);
      load(imported, { file, text: source.text });
    }
    loading.pop();
  };

  for (const path of requested) load(path, undefined);
  if (violations.length === 0) {
    violations.push(...unresolved(root, files, declaredIn, scans));
    violations.push(...protocRuleViolations(root, files, declaredIn));
  }
  if (violations.length > 0) throw combined(violations);
  try {
    root.resolveAll();
  } catch (error) {
    throw new CodegenError("unknown_type", error instanceof Error ? error.message : String(error), undefined, { cause: error });
  }
  return { root, files, declaredIn };
}


/** Every fully-qualified type and service name under `ns`, without the leading dot. */
function collectNames(ns: protobuf.NamespaceBase): string[] {
  const out: string[] = [];
  for (const child of ns.nestedArray) {
    if (child instanceof protobuf.Type || child instanceof protobuf.Enum || child instanceof protobuf.Service) {
      out.push(child.fullName.slice(1));
    }
    if (child instanceof protobuf.Namespace) out.push(...collectNames(child));
  }
  return out;
}

function parseError(source: ProtoSourceFile, error: unknown): CodegenError {
  const raw = error instanceof Error ? error.message : String(error);
  const text = source.text;
  const withLine = /^(.*?) \((?:.*?, )?line (\d+)\)$/.exec(raw);
  if (withLine !== null) {
    const detail = withLine[1] ?? raw;
    const line = Number(withLine[2]);
    const lineText = text.split("\n")[line - 1] ?? "";
    const token = /'(.*)'/.exec(detail)?.[1];
    const idx = token === undefined || token === "" ? -1 : lineText.indexOf(token);
    const col = idx >= 0 ? idx + 1 : Math.max(1, lineText.search(/\S/) + 1);
    return new CodegenError("syntax", detail, { file: source.displayPath, line, col }, { cause: error });
  }
  const dup = /^duplicate name '([^']+)'/.exec(raw);
  if (dup !== null) {
    const name = escapeRegExp(dup[1] ?? "");
    const pattern = new RegExp(`\\b(?:message|enum|service|rpc)\\s+(${name})\\b|\\b(${name})\\s*=`, "g");
    const clean = stripComments(text);
    pattern.exec(clean); // first definition
    const second = pattern.exec(clean);
    const at = second === null ? locate(source.displayPath, clean, pattern) : locationOf(source.displayPath, clean, second);
    return new CodegenError("duplicate_name", `duplicate name "${dup[1]}"`, at, { cause: error });
  }
  const dupId = /^duplicate id (\d+) in \w+ (\S+)/.exec(raw);
  if (dupId !== null) {
    const pattern = new RegExp(`=\\s*(${dupId[1]})\\s*[;\\[]`, "g");
    const clean = stripComments(text);
    pattern.exec(clean);
    const second = pattern.exec(clean);
    const at = second === null ? { file: source.displayPath, line: 1, col: 1 } : locationOf(source.displayPath, clean, second);
    return new CodegenError("duplicate_name", `duplicate field number ${dupId[1]} in ${dupId[2]}`, at, { cause: error });
  }
  return new CodegenError("syntax", raw, { file: source.displayPath, line: 1, col: 1 }, { cause: error });
}

function locationOf(file: string, text: string, match: RegExpExecArray): SourceLocation {
  const token = match[1] ?? match[2] ?? match[0];
  return { file, ...positionAt(text, match.index + match[0].indexOf(token)) };
}

/** Every violation as one error, each line `file:line:col: message`, in file and line order. */
function combined(violations: readonly Violation[]): CodegenError {
  const sorted = [...violations].sort((a, b) => (a.at.file < b.at.file ? -1 : a.at.file > b.at.file ? 1 : a.at.line - b.at.line || a.at.col - b.at.col));
  const [first, ...rest] = sorted;
  const more = rest.map((v) => `\n${v.at.file}:${v.at.line}:${v.at.col}: ${v.message}`).join("");
  return new CodegenError(first!.code, `${first!.message}${more}`, first!.at);
}

/** Every field or rpc type that names nothing, at the type as written (protoc: `"Bar" is not defined.`). */
function unresolved(root: protobuf.Root, files: ReadonlyMap<string, LoadedFile>, declaredIn: ReadonlyMap<string, string>, scans: ReadonlyMap<string, ProtoScan>): Violation[] {
  const found: Violation[] = [];
  const report = (owner: protobuf.ReflectionObject, kind: "field" | "method" | "extension", name: string, typeName: string, output: boolean): void => {
    const path = declaredIn.get(owner.fullName.slice(1)) ?? "";
    const file = files.get(path);
    const scope = owner.fullName.slice(1).replaceAll(PROTO_PLACEHOLDER, "__proto__");
    const decl = scans.get(path)?.declarations.find((d) => d.kind === kind && d.scope === scope && d.name === name.replaceAll(PROTO_PLACEHOLDER, "__proto__"));
    const pos = output ? decl?.outputAt : decl?.typeAt;
    const at: SourceLocation = { file: file?.displayPath ?? path, line: pos?.line ?? 1, col: pos?.col ?? 1 };
    found.push({ code: "unknown_type", at, message: `"${typeName}" is not defined.` });
  };
  const visit = (ns: protobuf.NamespaceBase): void => {
    for (const child of ns.nestedArray) {
      if (child instanceof protobuf.Type) {
        for (const field of child.fieldsArray) {
          if (field.declaringField !== null || SCALARS.has(field.type)) continue;
          try {
            child.lookupTypeOrEnum(field.type);
          } catch {
            report(child, "field", field.name, field.type, false);
          }
        }
      }
      if (child instanceof protobuf.Service) {
        for (const m of child.methodsArray) {
          for (const [typeName, output] of [[m.requestType, false], [m.responseType, true]] as const) {
            try {
              child.lookupType(typeName);
            } catch {
              report(child, "method", m.name, typeName, output);
            }
          }
        }
      }
      if (child instanceof protobuf.Namespace) visit(child);
    }
  };
  visit(root);
  return found;
}

/**
 * An import names a file *under* an include directory, as protoc insists ("." or ".." are not
 * allowed in the virtual path): otherwise `import "../../src/x.proto"` would read a file outside
 * every include directory and its generated module would be written outside `--out`.
 */
function checkImportPath(path: string, file: LoadedFile, text: string): void {
  const parts = path.split("/");
  const bad = path.startsWith("/") || /^[A-Za-z]:/.test(path) || path.includes("\\") || parts.some((p) => p === "" || p === "." || p === "..");
  if (!bad) return;
  const at = locate(file.displayPath, text, new RegExp(`import\\s+(?:public\\s+|weak\\s+)?["'](${escapeRegExp(path)})["']`), 1);
  throw new CodegenError("invalid_import", `import "${path}": an import path names a file under an include directory; ".", "..", empty components, backslashes and absolute paths are not allowed`, at);
}
