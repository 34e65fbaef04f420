/**
 * `FieldDescriptorProto.default_value` as protoc writes it (`FieldDescriptor::DefaultValueAsString`):
 * floats through `SimpleFtoa`, doubles through `SimpleDtoa` (C's `%g` at 6 or 15 significant digits,
 * more when that does not read back), `inf`/`-inf`/`nan`, integers in decimal, bools as
 * `true`/`false`, enums by value name, strings as they are and bytes C-escaped.
 */
import type { FieldModel } from "./model.ts";

/** The default of `field` as descriptor text, or `undefined` when it declares none. */
export function defaultValueText(field: FieldModel): string | undefined {
  const value = field.defaultValue;
  if (value === undefined) return undefined;
  if (typeof value === "boolean") return value ? "true" : "false";
  const scalar = field.type.kind === "scalar" ? field.type.scalar : undefined;
  if (typeof value === "string") return scalar === "bytes" ? cEscape(value) : value;
  if (scalar === "float") return floatText(value, 6, 9, Math.fround);
  if (scalar === "double") return floatText(value, 15, 17, (x) => x);
  return String(value);
}

function floatText(value: number, digits: number, moreDigits: number, round: (x: number) => number): string {
  if (Number.isNaN(value)) return "nan";
  if (value === Infinity) return "inf";
  if (value === -Infinity) return "-inf";
  const short = formatG(value, digits);
  return round(Number(short)) === value ? short : formatG(value, moreDigits);
}

/** C's `printf("%.*g", precision, value)` for a finite number. */
export function formatG(value: number, precision: number): string {
  if (value === 0) return Object.is(value, -0) ? "-0" : "0";
  const [mantissa = "", exponentText = "0"] = value.toExponential(precision - 1).split("e");
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= precision) {
    const digits = String(Math.abs(exponent)).padStart(2, "0");
    return `${trimZeros(mantissa)}e${exponent < 0 ? "-" : "+"}${digits}`;
  }
  return trimZeros(value.toFixed(precision - 1 - exponent));
}

function trimZeros(text: string): string {
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}

/** protoc's `CEscape`: `\n \r \t \" \' \\` by name, other bytes outside printable ASCII in octal. */
export function cEscape(bytes: string): string {
  let out = "";
  for (const ch of bytes) {
    const code = ch.charCodeAt(0);
    const named = NAMED.get(ch);
    if (named !== undefined) out += named;
    else if (code < 0x20 || code >= 0x7f) out += `\\${(code & 0xff).toString(8).padStart(3, "0")}`;
    else out += ch;
  }
  return out;
}

const NAMED: ReadonlyMap<string, string> = new Map([["\n", "\\n"], ["\r", "\\r"], ["\t", "\\t"], ['"', '\\"'], ["'", "\\'"], ["\\", "\\\\"]]);
