/**
 * The comments of a `.proto` file's definitions as protoc attaches them: it walks declarations the
 * way protoc's parser does, taking comments only at the tokens that end a declaration (`;`, `{`,
 * `}`), so each definition gets the leading and trailing comment protoc would record in
 * `SourceCodeInfo`. Both `strand generate` and plugin mode then turn them into the same doc text
 * ({@link docComment}).
 */
import { type RawComments, scanProto } from "./proto-scan.ts";

export type { RawComments } from "./proto-scan.ts";

/**
 * Keys of {@link collectComments}' map: `message:`, `enum:`, `service:` + full name; `field:`,
 * `oneof:`, `method:`, `value:` + parent full name + `.` + name; `extension:` + scope + `.` +
 * name. Full names have no leading dot.
 */
export type CommentKey = string;

/** Every definition's comments in `text`, by {@link CommentKey}. Unparsable input yields what was read. */
export function collectComments(text: string): ReadonlyMap<CommentKey, RawComments> {
  return scanProto(text).comments;
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
