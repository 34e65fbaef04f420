/**
 * The codegen's one error type. Every problem found in `.proto` input is reported as
 * `file:line:col: message` (the format editors and CI annotators understand), with a code from a
 * closed set so the CLI and tests can tell kinds apart.
 */

/** Every reason code generation can fail. */
export type CodegenErrorCode =
  /** The `.proto` text does not parse. */
  | "syntax"
  /** A field, method or rpc references a type that does not exist. */
  | "unknown_type"
  /** An `import` names a file found in no include directory. */
  | "missing_import"
  /** An `import` path that is not a plain relative path (`..`, `.`, absolute, backslashes). */
  | "invalid_import"
  /** A definition protoc rejects: field number range, proto3 enum zero, enum value scope, import cycle. */
  | "invalid_definition"
  /** Two definitions share a fully-qualified name. */
  | "duplicate_name"
  /** A PATH argument or output file could not be read or written. */
  | "io"
  /** Bad command-line usage. */
  | "usage";

/** A position in a `.proto` file, 1-based. */
export interface SourceLocation {
  /** The file as the user named it (relative to the working directory when possible). */
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

/** A code generation failure with an optional source location. */
export class CodegenError extends Error {
  override readonly name = "CodegenError";
  readonly code: CodegenErrorCode;
  readonly location: SourceLocation | undefined;
  /** The message without location prefix. */
  readonly detail: string;

  constructor(code: CodegenErrorCode, detail: string, location?: SourceLocation, options?: { cause?: unknown }) {
    super(location === undefined ? detail : `${location.file}:${location.line}:${location.col}: ${detail}`, options);
    this.code = code;
    this.detail = detail;
    this.location = location;
  }

  /** Keeps a `CodegenError`; wraps anything else as `io` with the original as `cause`. */
  static from(error: unknown): CodegenError {
    if (error instanceof CodegenError) return error;
    return new CodegenError("io", error instanceof Error ? error.message : String(error), undefined, { cause: error });
  }
}

/** The 1-based line/column of character offset `index` in `text`. */
export function positionAt(text: string, index: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < index && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, col: index - lineStart + 1 };
}

/**
 * Locates the first match of `pattern` in `text` (comments are not skipped; patterns are specific
 * enough in practice), falling back to 1:1. protobufjs reports no columns, so this recovers them.
 */
export function locate(file: string, text: string, pattern: RegExp, group = 0): SourceLocation {
  const match = pattern.exec(text);
  if (match === null) return { file, line: 1, col: 1 };
  let index = match.index;
  // With alternatives, the wanted group may be any of the defined ones: take the first from `group`.
  const captured = group > 0 ? match.slice(group).find((g) => g !== undefined) : undefined;
  if (captured !== undefined) index += match[0].indexOf(captured);
  return { file, ...positionAt(text, index) };
}

/** Escapes `s` for use inside a RegExp. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Blanks out comments (keeping offsets) so regexes do not match inside them. */
export function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (m) => m.replace(/[^\n]/g, " "));
}
