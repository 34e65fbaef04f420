/**
 * protoc's checks that need only one file's declarations, run on {@link scanProto}'s result before
 * protobufjs parses (which stops at the first duplicate or reserved number): names defined twice
 * in a scope, enum values under C++ scoping, field numbers used twice, reserved numbers and
 * names, and map entry types that meet a declared message. Every violation is reported at
 * protoc's position and in protoc's words; symbols are entered in protoc's order (a message, then
 * its oneofs, fields, nested messages, enums and their values, extensions), so the one reported
 * of two clashing definitions is the one protoc reports.
 */
import type { SourceLocation } from "./diagnostic.ts";
import type { Declaration, Position, ProtoScan } from "./proto-scan.ts";

/** One problem found, at its place. */
export interface Violation {
  readonly code: "duplicate_name" | "invalid_definition" | "unknown_type";
  readonly at: SourceLocation;
  readonly message: string;
}

const join = (scope: string, name: string): string => (scope === "" ? name : `${scope}.${name}`);

/** The map entry type protoc creates for map field `name`: `foo_bar` → `FooBarEntry`. */
function mapEntryName(name: string): string {
  let out = "";
  let upper = true;
  for (const c of name) {
    if (c === "_") upper = true;
    else {
      out += upper ? c.toUpperCase() : c;
      upper = false;
    }
  }
  return `${out}Entry`;
}

/** Every violation in one file (`file` names it in locations). */
export function checkDeclarations(file: string, scan: ProtoScan): Violation[] {
  const found: Violation[] = [];
  const at = (p: Position | undefined): SourceLocation => ({ file, line: p?.line ?? 1, col: p?.col ?? 1 });
  const symbols = new Map<string, Declaration>();
  const decls = scan.declarations;
  const indexOf = new Map(decls.map((d, i) => [d, i] as const));
  const children = (parent: Declaration | undefined, kinds: readonly Declaration["kind"][]): Declaration[] => {
    const p = parent === undefined ? -1 : indexOf.get(parent);
    return decls.filter((d) => d.parent === p && kinds.includes(d.kind));
  };
  const reservationsOf = (d: Declaration) => scan.reservations.filter((r) => r.parent === indexOf.get(d));

  const add = (d: Declaration, symbolScope: string, name = d.name): void => {
    const full = join(symbolScope, name);
    const other = symbols.get(full);
    if (other === undefined) {
      symbols.set(full, d);
      return;
    }
    const where = symbolScope === "" ? "." : ` in "${symbolScope}".`;
    found.push({ code: "duplicate_name", at: at(d.at), message: `"${name}" is already defined${where}` });
    if (d.kind === "value" && other.kind === "value" && other.scope !== d.scope) {
      const within = symbolScope === "" ? "the global scope" : `"${symbolScope}"`;
      found.push({
        code: "duplicate_name",
        at: at(d.at),
        message: `Note that enum values use C++ scoping rules, meaning that enum values are siblings of their type, not children of it.  Therefore, "${name}" must be unique within ${within}, not just within "${d.scope.slice(d.scope.lastIndexOf(".") + 1)}".`,
      });
    }
  };

  /** Scopes whose members were entered: a type defined twice is reported, its members once. */
  const entered = new Set<string>();

  const enumBody = (e: Declaration, parentScope: string): void => {
    add(e, parentScope);
    const full = join(parentScope, e.name);
    if (entered.has(full)) return;
    entered.add(full);
    const reserved = reservationsOf(e);
    const numbers = new Map<number, Declaration>();
    for (const v of children(e, ["value"])) {
      add(v, parentScope);
      const same = v.number === undefined ? undefined : numbers.get(v.number);
      if (same === undefined && v.number !== undefined) numbers.set(v.number, v);
      if (same !== undefined && !scan.aliasing.has(indexOf.get(e)!)) {
        const [a, b] = [join(parentScope, v.name), join(parentScope, same.name)];
        found.push({ code: "duplicate_name", at: at(v.numberAt), message: `"${a}" uses the same enum value as "${b}". If this is intended, set 'option allow_alias = true;' to the enum definition.` });
      }
      for (const r of reserved) {
        if (r.names.includes(v.name)) found.push({ code: "invalid_definition", at: at(v.at), message: `Enum value "${v.name}" is reserved.` });
        if (v.number !== undefined && r.ranges.some(([lo, hi]) => v.number! >= lo && v.number! <= hi)) {
          found.push({ code: "invalid_definition", at: at(v.numberAt), message: `Enum value "${v.name}" uses reserved number ${v.number}.` });
        }
      }
    }
  };

  const message = (m: Declaration, parentScope: string): void => {
    add(m, parentScope);
    const full = join(parentScope, m.name);
    if (entered.has(full)) return;
    entered.add(full);
    for (const o of children(m, ["oneof"])) add(o, full);
    const fields = children(m, ["field"]);
    for (const f of fields) add(f, full);
    const nested = children(m, ["message"]);
    const mapEntries = fields.filter((f) => f.type?.startsWith("map<") === true).map((f) => mapEntryName(f.name));
    for (const n of nested) {
      if (mapEntries.includes(n.name)) {
        found.push({ code: "duplicate_name", at: at(n.at), message: `"${n.name}" is already defined in "${full}".` });
        found.push({ code: "duplicate_name", at: at(m.at), message: `Expanded map entry type ${n.name} conflicts with an existing nested message type.` });
      }
      message(n, full);
    }
    for (const e of children(m, ["enum"])) enumBody(e, full);
    for (const x of children(m, ["extension"])) add(x, full);
    const numbers = new Map<number, Declaration>();
    const reserved = reservationsOf(m);
    for (const f of fields) {
      for (const r of reserved) {
        if (f.number !== undefined && r.ranges.some(([lo, hi]) => f.number! >= lo && f.number! <= hi)) {
          found.push({ code: "invalid_definition", at: at(f.numberAt), message: `Field "${f.name}" uses reserved number ${f.number}.` });
        }
        if (r.names.includes(f.name)) found.push({ code: "invalid_definition", at: at(f.at), message: `Field name "${f.name}" is reserved.` });
      }
      if (f.number === undefined) continue;
      const first = numbers.get(f.number);
      if (first === undefined) numbers.set(f.number, f);
      else found.push({ code: "duplicate_name", at: at(f.numberAt), message: `Field number ${f.number} has already been used in "${full}" by field "${first.name}".` });
    }
  };

  const pkg = scan.packageName;
  for (const m of children(undefined, ["message"])) message(m, pkg);
  for (const e of children(undefined, ["enum"])) enumBody(e, pkg);
  for (const s of children(undefined, ["service"])) {
    add(s, pkg);
    for (const r of children(s, ["method"])) add(r, join(pkg, s.name));
  }
  for (const x of children(undefined, ["extension"])) add(x, pkg);
  return found;
}
