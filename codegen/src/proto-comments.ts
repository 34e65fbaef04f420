/**
 * The comments of a `.proto` file's definitions as protoc attaches them: it walks declarations the
 * way protoc's parser does, taking comments only at the tokens that end a declaration (`;`, `{`,
 * `}`), so each definition gets the leading and trailing comment protoc would record in
 * `SourceCodeInfo`. Both `strand generate` and plugin mode then turn them into the same doc text
 * ({@link docComment}).
 */
import { ProtoLexer } from "./proto-lexer.ts";

/** A definition's raw comments, as protoc records them (markers removed, newlines kept). */
export interface RawComments {
  readonly leading: string;
  readonly trailing: string;
}

/**
 * Keys of {@link collectComments}' map: `message:`, `enum:`, `service:` + full name; `field:`,
 * `oneof:`, `method:`, `value:` + parent full name + `.` + name; `extension:` + scope + `.` +
 * name. Full names have no leading dot.
 */
export type CommentKey = string;

/** Every definition's comments in `text`, by {@link CommentKey}. Unparsable input yields what was read. */
export function collectComments(text: string): Map<CommentKey, RawComments> {
  const lex = new ProtoLexer(text);
  const out = new Map<CommentKey, RawComments>();
  let upcoming = lex.nextWithComments().leading;
  let pkg = "";
  const tok = (): string | undefined => lex.current?.text;
  /** protoc's `TryConsumeEndOfDeclaration`: the current token ends a declaration keyed `key`. */
  const end = (key: CommentKey | undefined): void => {
    const around = lex.nextWithComments();
    if (key !== undefined) out.set(key, { leading: upcoming, trailing: around.trailing });
    upcoming = around.leading;
  };
  /** Advances to the first of `stops` outside brackets; returns the tokens passed. */
  const until = (stops: readonly string[]): string[] => {
    const passed: string[] = [];
    let depth = 0;
    for (let t = tok(); t !== undefined; t = tok()) {
      if (depth === 0 && stops.includes(t)) break;
      if (t === "{" || t === "[" || t === "(" || t === "<") depth++;
      else if ((t === "}" || t === "]" || t === ")" || t === ">") && depth > 0) depth--;
      passed.push(t);
      lex.next();
    }
    return passed;
  };
  const join = (scope: string, name: string): string => (scope === "" ? name : `${scope}.${name}`);

  type Kind = "file" | "message" | "oneof" | "enum" | "service" | "extend";
  /** One declaration of a `kind` block; `false` once the block's `}` (or the end of input) is passed. */
  const statement = (outer: string, kind: Kind): boolean => {
    const scope = kind === "file" ? pkg : outer;
    const t = tok();
    if (t === undefined) return false;
    if (t === "}" || t === ";") {
      end(undefined);
      return t === ";" || kind === "file";
    }
    if (kind !== "enum" && kind !== "service" && (t === "message" || t === "enum" || t === "service" || t === "extend")) {
      lex.next();
      const name = until(["{", ";"]).join("");
      if (tok() !== "{") return end(undefined), true;
      const inner = t === "extend" ? scope : join(scope, name);
      end(t === "extend" ? undefined : `${t}:${inner}`);
      block(inner, t);
      return true;
    }
    if (t === "oneof" && kind !== "file") {
      lex.next();
      const name = until(["{", ";"]).join("");
      end(`oneof:${scope}.${name}`);
      block(scope, "oneof");
      return true;
    }
    if (t === "package" && kind === "file") {
      lex.next();
      pkg = until([";"]).join("");
      end(undefined);
      return true;
    }
    const words = until(t === "option" ? [";"] : [";", "{"]);
    const ender = tok();
    if (ender === undefined) return false;
    const group = words.indexOf("group");
    if (ender === "{" && group >= 0 && kind !== "service" && kind !== "enum") {
      // A group (`optional group Name = 1 { … }`): protoc attaches the comments to its message.
      const type = join(scope, words[group + 1] ?? "");
      end(`message:${type}`);
      block(type, "message");
      return true;
    }
    end(keyOf(words, scope, kind));
    if (ender === "{") block(scope, kind === "service" ? "service" : "extend");
    return true;
  };
  const keyOf = (words: readonly string[], scope: string, kind: Kind): CommentKey | undefined => {
    const first = words[0];
    if (first === undefined || ["option", "reserved", "extensions", "syntax", "edition", "import"].includes(first)) return undefined;
    if (kind === "service") return first === "rpc" ? `method:${scope}.${words[1] ?? ""}` : undefined;
    const eq = words.indexOf("=");
    const name = eq > 0 ? words[eq - 1] : undefined;
    if (name === undefined || kind === "file") return undefined;
    if (kind === "enum") return `value:${scope}.${name}`;
    return kind === "extend" ? `extension:${join(scope, name)}` : `field:${scope}.${name}`;
  };
  const block = (scope: string, kind: Kind): void => {
    while (statement(scope, kind));
  };
  block("", "file");
  return out;
}

/**
 * The doc text of a definition: its leading comment, else its trailing one, as TSDoc wants it —
 * a `/**` opener's extra `*` dropped, the indentation all lines share removed (so code in comments
 * keeps its shape), trailing blanks and blank edge lines gone. `undefined` when there is none.
 */
export function docComment(raw: RawComments | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const text = raw.leading.trim() !== "" ? raw.leading : raw.trailing;
  const lines = text.replace(/\r/g, "").split("\n").map((l) => l.trimEnd());
  if (lines[0] !== undefined) lines[0] = lines[0].replace(/^\*+/, "");
  const indent = Math.min(...lines.filter((l) => l.trim() !== "").map((l) => /^ */.exec(l)![0].length));
  const body = lines.map((l) => l.slice(Number.isFinite(indent) ? indent : 0));
  while (body.length > 0 && body[0]!.trim() === "") body.shift();
  while (body.length > 0 && body[body.length - 1]!.trim() === "") body.pop();
  return body.length === 0 ? undefined : body.join("\n");
}
