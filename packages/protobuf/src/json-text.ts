/**
 * JSON text to a {@link JsonValue}, strictly: what `JSON.parse` accepts, except that an object
 * may not name a key twice. `JSON.parse` keeps the last of duplicate keys silently, and the proto3
 * JSON mapping requires refusing them (the conformance suite's `FieldNameDuplicate`): a gateway
 * that reads `{"amount": 1, "amount": 100}` as 100 while another reads it as 1 is how requests get
 * smuggled. Errors name the line and column. Strings and numbers are decoded by `JSON.parse`
 * itself, token by token, so escapes and number syntax are exactly the platform's.
 */
import type { JsonObject, JsonValue } from "./json-value.ts";
import { ProtobufError } from "./protobuf-error.ts";
import { MAX_DEPTH } from "./wire-type.ts";

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const SPACE = /[ \t\n\r]*/y;

/** Parses `text` as one JSON value; throws `ProtobufError` (`invalid_json`) at the first error. */
export function parseJsonText(text: string): JsonValue {
  const parser = new Parser(text);
  const value = parser.value(0);
  parser.space();
  if (parser.pos !== text.length) throw parser.error("unexpected text after the JSON value");
  return value;
}

class Parser {
  pos = 0;

  constructor(private readonly text: string) {}

  space(): void {
    SPACE.lastIndex = this.pos;
    SPACE.test(this.text);
    this.pos = SPACE.lastIndex;
  }

  value(depth: number): JsonValue {
    this.space();
    const c = this.text[this.pos];
    if (c === "{") return this.object(depth + 1);
    if (c === "[") return this.array(depth + 1);
    if (c === '"') return this.string();
    if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) return this.token(NUMBER, "number") as number;
    for (const [word, value] of LITERALS) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return value;
      }
    }
    throw this.error(c === undefined ? "unexpected end of JSON" : `unexpected ${JSON.stringify(c)}`);
  }

  private object(depth: number): JsonObject {
    this.enter(depth);
    const object: JsonObject = {};
    this.pos++;
    this.space();
    if (this.text[this.pos] === "}") {
      this.pos++;
      return object;
    }
    for (;;) {
      this.space();
      const at = this.pos;
      if (this.text[this.pos] !== '"') throw this.error("expected a string key");
      const key = this.string();
      if (Object.hasOwn(object, key)) throw this.error(`duplicate key ${JSON.stringify(key)}`, at);
      this.space();
      if (this.text[this.pos] !== ":") throw this.error('expected ":"');
      this.pos++;
      // defineProperty: a "__proto__" key is data here, as with JSON.parse, not the prototype.
      Object.defineProperty(object, key, { value: this.value(depth), enumerable: true, writable: true, configurable: true });
      if (this.next("}")) return object;
    }
  }

  private array(depth: number): JsonValue[] {
    this.enter(depth);
    const array: JsonValue[] = [];
    this.pos++;
    this.space();
    if (this.text[this.pos] === "]") {
      this.pos++;
      return array;
    }
    for (;;) {
      array.push(this.value(depth));
      if (this.next("]")) return array;
    }
  }

  /** After a member: `,` (false: another follows) or `close` (true). */
  private next(close: string): boolean {
    this.space();
    const c = this.text[this.pos++];
    if (c === close) return true;
    if (c === ",") return false;
    this.pos--;
    throw this.error(`expected "," or "${close}"`);
  }

  private string(): string {
    return this.token(STRING, "string") as string;
  }

  private token(pattern: RegExp, what: string): JsonValue {
    pattern.lastIndex = this.pos;
    if (!pattern.test(this.text)) throw this.error(`invalid ${what}`);
    const end = pattern.lastIndex;
    const value = JSON.parse(this.text.slice(this.pos, end)) as JsonValue;
    this.pos = end;
    return value;
  }

  private enter(depth: number): void {
    if (depth > MAX_DEPTH) throw this.error(`JSON nested deeper than ${MAX_DEPTH}`);
  }

  error(message: string, at = this.pos): ProtobufError {
    const before = this.text.slice(0, at);
    const line = before.split("\n").length;
    const column = at - before.lastIndexOf("\n");
    return new ProtobufError("invalid_json", `${message} at line ${line}, column ${column}`);
  }
}

const LITERALS: ReadonlyArray<readonly [string, JsonValue]> = [["true", true], ["false", false], ["null", null]];
