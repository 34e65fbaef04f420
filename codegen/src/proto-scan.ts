/**
 * One pass over a `.proto` file's tokens that walks declarations the way protoc's parser does,
 * recording for each definition where it is (name, number and type tokens, for diagnostics at
 * protoc's `file:line:col`) and which comments protoc attaches to it. Comments are taken only at
 * the tokens that end a declaration (`;`, `{`, `}`), as protoc takes them, so each definition gets
 * the leading and trailing comment protoc records in `SourceCodeInfo`. Parsing proper stays with
 * protobufjs; this pass tolerates what it does not understand.
 */
import { ProtoLexer, type Token } from "./proto-lexer.ts";

/** A definition's raw comments, as protoc records them (markers removed, newlines kept). */
export interface RawComments {
  readonly leading: string;
  readonly trailing: string;
}

/** A 1-based position. */
export interface Position {
  readonly line: number;
  readonly col: number;
}

/** One named definition. `scope` is its container's full name (the package at file level). */
export interface Declaration {
  readonly kind: "message" | "enum" | "service" | "oneof" | "field" | "extension" | "value" | "method";
  readonly scope: string;
  /** Index in {@link ProtoScan.declarations} of the message, enum or service it is declared in; -1 at file level. */
  readonly parent: number;
  readonly name: string;
  readonly at: Position;
  /** Fields, extensions and enum values. */
  readonly number?: number | undefined;
  readonly numberAt?: Position | undefined;
  /** Fields and extensions: the type as written (`map<…>` for maps), and where. */
  readonly type?: string | undefined;
  readonly typeAt?: Position | undefined;
  /** Methods: where the output type is (`typeAt` is the input's). */
  readonly outputAt?: Position | undefined;
  /** Fields: declared as a proto2 `group` (the field's name is the type's, lowercased). */
  readonly group?: boolean | undefined;
  /** Fields: the oneof they belong to. */
  readonly oneof?: string | undefined;
}

/** A `reserved` statement of a message or enum. */
export interface Reservation {
  /** The message or enum (index in {@link ProtoScan.declarations}). */
  readonly parent: number;
  readonly ranges: ReadonlyArray<readonly [number, number]>;
  readonly names: readonly string[];
}

/** What {@link scanProto} finds. */
export interface ProtoScan {
  readonly packageName: string;
  /** In source order. */
  readonly declarations: readonly Declaration[];
  readonly reservations: readonly Reservation[];
  /** Enums (indexes in {@link ProtoScan.declarations}) with `option allow_alias = true`. */
  readonly aliasing: ReadonlySet<number>;
  /**
   * Comments by key: `message:`, `enum:`, `service:` + full name; `field:`, `oneof:`, `method:`,
   * `value:` + parent full name + `.` + name; `extension:` + scope + `.` + name (no leading dots).
   */
  readonly comments: ReadonlyMap<string, RawComments>;
}

const MAX = 536_870_911;
const pos = (t: Token | undefined): Position => ({ line: (t?.line ?? 0) + 1, col: (t?.col ?? 0) + 1 });

/** An integer literal as protoc reads it (decimal, hex, octal; `-` allowed), else `undefined`. */
export function intLiteral(text: string): number | undefined {
  const m = /^(-?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (m === null) return undefined;
  const digits = m[2]!;
  const value = /^0[xX]/.test(digits) ? parseInt(digits, 16) : digits.length > 1 && digits.startsWith("0") ? parseInt(digits, 8) : Number(digits);
  return m[1] === "-" ? -value : value;
}

type Kind = "file" | "message" | "oneof" | "enum" | "service" | "extend";

/** Scans `text`; never throws. */
export function scanProto(text: string): ProtoScan {
  const lex = new ProtoLexer(text);
  const comments = new Map<string, RawComments>();
  const declarations: Declaration[] = [];
  const reservations: Reservation[] = [];
  const aliasing = new Set<number>();
  /** Adds `d`; returns its index. */
  const declare = (d: Declaration): number => declarations.push(d) - 1;
  let upcoming = lex.nextWithComments().leading;
  let pkg = "";
  const tok = (): string | undefined => lex.current?.text;
  /** protoc's `TryConsumeEndOfDeclaration`: the current token ends a declaration keyed `key`. */
  const end = (key: string | undefined): void => {
    const around = lex.nextWithComments();
    if (key !== undefined) comments.set(key, { leading: upcoming, trailing: around.trailing });
    upcoming = around.leading;
  };
  /** Advances to the first of `stops` outside brackets; returns the tokens passed. */
  const until = (stops: readonly string[]): Token[] => {
    const passed: Token[] = [];
    let depth = 0;
    for (let t = lex.current; t !== undefined; t = lex.current) {
      if (depth === 0 && stops.includes(t.text)) break;
      if (t.text === "{" || t.text === "[" || t.text === "(" || t.text === "<") depth++;
      else if ((t.text === "}" || t.text === "]" || t.text === ")" || t.text === ">") && depth > 0) depth--;
      passed.push(t);
      lex.next();
    }
    return passed;
  };
  const text$ = (tokens: readonly Token[]): string => tokens.map((t) => t.text).join("");
  const join = (scope: string, name: string): string => (scope === "" ? name : `${scope}.${name}`);

  /** One declaration of a `kind` block; `false` once the block's `}` (or the end of input) is passed. */
  const statement = (outer: string, kind: Kind, parent: number, oneof?: string): boolean => {
    const scope = kind === "file" ? pkg : outer;
    const t = tok();
    if (t === undefined) return false;
    if (t === "}" || t === ";") {
      end(undefined);
      return t === ";" || kind === "file";
    }
    if (kind !== "enum" && kind !== "service" && (t === "message" || t === "enum" || t === "service" || t === "extend")) {
      lex.next();
      const nameTokens = until(["{", ";"]);
      if (tok() !== "{") return end(undefined), true;
      const name = text$(nameTokens);
      const inner = t === "extend" ? scope : join(scope, name);
      const self = t === "extend" ? parent : declare({ kind: t, scope, parent, name, at: pos(nameTokens[0]) });
      end(t === "extend" ? undefined : `${t}:${inner}`);
      block(inner, t, self);
      return true;
    }
    if (t === "oneof" && kind !== "file") {
      lex.next();
      const nameTokens = until(["{", ";"]);
      const name = text$(nameTokens);
      declare({ kind: "oneof", scope, parent, name, at: pos(nameTokens[0]) });
      end(`oneof:${scope}.${name}`);
      block(scope, "oneof", parent, name);
      return true;
    }
    if (t === "package" && kind === "file") {
      lex.next();
      pkg = text$(until([";"]));
      end(undefined);
      return true;
    }
    const words = until(t === "option" ? [";"] : [";", "{"]);
    const ender = tok();
    if (ender === undefined) return false;
    if (t === "reserved" && (kind === "message" || kind === "enum")) reservations.push(reservation(parent, words.slice(1)));
    if (t === "option" && kind === "enum" && /^optionallow_alias=true$/.test(text$(words))) aliasing.add(parent);
    const group = words.findIndex((w) => w.text === "group");
    if (ender === "{" && group >= 0 && kind !== "service" && kind !== "enum") {
      // A group (`optional group Name = 1 { … }`): protoc attaches the comments to its message.
      const typeToken = words[group + 1];
      const type = join(scope, typeToken?.text ?? "");
      record(words, scope, kind, parent, oneof, true);
      const self = declare({ kind: "message", scope, parent, name: typeToken?.text ?? "", at: pos(typeToken) });
      end(`message:${type}`);
      block(type, "message", self);
      return true;
    }
    const key = record(words, scope, kind, parent, oneof, false);
    end(key);
    if (ender === "{") block(scope, kind === "service" ? "service" : "extend", parent);
    return true;
  };
  /** Records the field, value or rpc in `words`; returns its comment key. */
  const record = (words: readonly Token[], scope: string, kind: Kind, parent: number, oneof: string | undefined, group: boolean): string | undefined => {
    const first = words[0]?.text;
    if (first === undefined || ["option", "reserved", "extensions", "syntax", "edition", "import"].includes(first)) return undefined;
    if (kind === "service") {
      if (first !== "rpc") return undefined;
      // rpc Name ( [stream] Input ) returns ( [stream] Output )
      const typeAfter = (open: number): Token | undefined => {
        const next = words[open + 1];
        return next?.text === "stream" ? words[open + 2] : next;
      };
      const opens = words.flatMap((w, i) => (w.text === "(" ? [i] : []));
      const input = typeAfter(opens[0] ?? -2);
      const output = typeAfter(opens[1] ?? -2);
      declare({ kind: "method", scope, parent, name: words[1]?.text ?? "", at: pos(words[1]), typeAt: pos(input), outputAt: pos(output) });
      return `method:${scope}.${words[1]?.text ?? ""}`;
    }
    const eq = words.findIndex((w) => w.text === "=");
    const nameToken = eq > 0 ? words[eq - 1] : undefined;
    if (nameToken === undefined || kind === "file") return undefined;
    const numberTokens = words.slice(eq + 1, words.findIndex((w, i) => i > eq && w.text === "[") >>> 0);
    const number = intLiteral(text$(numberTokens));
    const numberAt = pos(numberTokens[0]);
    if (kind === "enum") {
      declare({ kind: "value", scope, parent, name: nameToken.text, at: pos(nameToken), number, numberAt });
      return `value:${scope}.${nameToken.text}`;
    }
    const typeStart = ["optional", "required", "repeated"].includes(first) ? 1 : 0;
    const typeTokens = group ? [] : words.slice(typeStart, eq - 1);
    const name = group ? nameToken.text.toLowerCase() : nameToken.text;
    const common = { scope, parent, name, at: pos(nameToken), number, numberAt, type: text$(typeTokens), typeAt: pos(typeTokens[0] ?? nameToken), group, oneof };
    if (kind === "extend") {
      declare({ kind: "extension", ...common });
      return `extension:${join(scope, nameToken.text)}`;
    }
    declare({ kind: "field", ...common });
    return `field:${scope}.${nameToken.text}`;
  };
  const block = (scope: string, kind: Kind, parent: number, oneof?: string): void => {
    while (statement(scope, kind, parent, oneof));
  };
  block("", "file", -1);
  return { packageName: pkg, declarations, reservations, aliasing, comments };
}

/** `reserved 2, 15, 9 to 11, 40 to max;` or `reserved "foo", "bar";` (editions: `reserved foo;`). */
function reservation(parent: number, tokens: readonly Token[]): Reservation {
  const ranges: Array<[number, number]> = [];
  const names: string[] = [];
  const parts: string[][] = [[]];
  for (const t of tokens) {
    if (t.text === ",") parts.push([]);
    else parts[parts.length - 1]!.push(t.text);
  }
  for (const p of parts) {
    if (p.length === 0) continue;
    if (/^["']/.test(p[0]!)) names.push(p[0]!.slice(1, -1));
    else if (p.length === 1 && /^[A-Za-z_]/.test(p[0]!)) names.push(p[0]!);
    else {
      const to = p.indexOf("to");
      const from = intLiteral(p.slice(0, to < 0 ? p.length : to).join(""));
      const upper = to < 0 ? from : p[to + 1] === "max" ? MAX : intLiteral(p.slice(to + 1).join(""));
      if (from !== undefined && upper !== undefined) ranges.push([from, upper]);
    }
  }
  return { parent, ranges, names };
}
