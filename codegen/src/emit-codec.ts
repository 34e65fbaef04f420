/**
 * Emits the binary codec of a message — `encodeTo` and `decodeFrom` bodies — as straight-line code
 * over `BinaryWriter`/`BinaryReader` with precomputed tags (the shape of protobufjs's static code,
 * which is what makes it fast). Decoding switches on the whole tag, so a field arriving with an
 * unexpected wire type falls through to `skip()` like any unknown field; packed and unpacked
 * encodings of repeated scalars are both accepted.
 */
import type { FileContext } from "./file-context.ts";
import type { FieldPlan } from "./field-plan.ts";
import { initialValue, scalarZero, wireTypeOf } from "./field-plan.ts";
import type { FieldModel, Scalar, ValueType } from "./model.ts";
import { nonZeroCondition, scalarInfo } from "./scalar-info.ts";

/** Writer/reader method for one element of `type`. */
function method(type: ValueType): string {
  return type.kind === "scalar" ? type.scalar : "int32";
}

/** Statement writing one value `v` (tag included) of `type`; `group`: a message between START_GROUP `tag` and its END_GROUP. */
function writeValue(ctx: FileContext, type: ValueType, tag: number, v: string, group = false): string {
  if (type.kind === "message" && group) return `w.uint32(${tag}); ${ctx.ref(type.typeName)}.encodeTo(${v}, w); w.uint32(${tag + 1});`;
  if (type.kind === "message") return `w.uint32(${tag}).fork(); ${ctx.ref(type.typeName)}.encodeTo(${v}, w); w.join();`;
  return `w.uint32(${tag}).${method(type)}(${v});`;
}

/**
 * Expression reading one value of `type`. A message read where one may already be (`into`: a
 * singular field, a oneof member, a map entry's value) is merged into it, as the spec requires
 * when a message field occurs more than once on the wire.
 */
function readValue(ctx: FileContext, type: ValueType, into?: string, groupTag?: number, verifyUtf8?: boolean): string {
  if (type.kind === "scalar" && type.scalar === "string" && verifyUtf8 === true) return `${ctx.runtime("verifiedString")}(r)`;
  if (type.kind !== "message") return `r.${method(type)}()`;
  const merge = into === undefined ? "" : `, ${into}`;
  // A group has no length: its end is found first (groupEnd), the END_GROUP tag read after (endGroup).
  if (groupTag !== undefined) return `${ctx.runtime("endGroup")}(r, ${ctx.ref(type.typeName)}.decodeFrom(r, ${ctx.runtime("groupEnd")}(r, ${groupTag}, depth), depth + 1${merge}), ${groupTag})`;
  return `${ctx.ref(type.typeName)}.decodeFrom(r, r.delimited(), depth + 1${merge})`;
}

/** The enum's identifier when `type` is a closed enum (its non-members become unknown fields), else undefined. */
function closedEnum(ctx: FileContext, type: ValueType): string | undefined {
  if (type.kind !== "enum") return undefined;
  const t = ctx.lookup(type.typeName);
  return t.kind === "enum" && t.model.closed === true ? ctx.ref(type.typeName) : undefined;
}

/** The START_GROUP tag of a group field, for {@link readValue}. */
function groupTagOf(plan: FieldPlan): number | undefined {
  return plan.field.delimited === true ? plan.tag : undefined;
}

function mapKeyToWire(key: Scalar, k: string): string {
  const ts = scalarInfo(key).tsType;
  if (ts === "string") return k;
  if (ts === "boolean") return `${k} === "true"`;
  if (ts === "bigint") return `BigInt(${k})`;
  return `Number(${k})`;
}

/** The proto2 `required` fields among `plans`. */
function requiredPlans(plans: readonly FieldPlan[]): FieldPlan[] {
  return plans.filter((p) => p.field.required && p.field.oneof === undefined && p.field.cardinality === "single");
}

/** `requiredMissing(typeName, [names], [present])`: the call both codec directions make. */
function requiredCheck(ctx: FileContext, typeName: string, required: readonly FieldPlan[], present: readonly string[]): string {
  const names = required.map((p) => JSON.stringify(p.field.protoName)).join(", ");
  return `${ctx.runtime("requiredMissing")}("${typeName}", [${names}], [${present.join(", ")}])`;
}

/** Lines of `encodeTo(m, w)`; `typeName` names the message in errors. */
export function encodeLines(ctx: FileContext, typeName: string, plans: readonly FieldPlan[]): string[] {
  // Not an object (a string given for a message field): nothing would be written, silently.
  const lines: string[] = [`if (typeof m !== "object" || m === null) ${ctx.runtime("invalidValue")}();`];
  const required = requiredPlans(plans);
  if (required.length > 0) {
    // proto2 `required`: a message without one is refused before anything is written.
    const present = required.map((p) => `m.${p.prop} !== undefined`);
    lines.push(`if (!(${present.join(" && ")})) ${requiredCheck(ctx, typeName, required, present)};`);
  }
  const oneofsDone = new Set<string>();
  for (const plan of plans) {
    const f = plan.field;
    const p = `m.${plan.prop}`;
    if (f.oneof !== undefined) {
      if (oneofsDone.has(plan.prop)) continue;
      oneofsDone.add(plan.prop);
      const members = plans.filter((q) => q.field.oneof === f.oneof);
      lines.push(`switch (${p}?.case) {`);
      for (const q of members) {
        lines.push(`  case "${q.oneofCase}":`, `    ${writeValue(ctx, q.field.type, q.field.type.kind === "message" ? q.delimitedTag : q.tag, `${p}.value`, q.field.delimited)}`, "    break;");
      }
      // A case no member has would be dropped silently: refuse it (encode then names the oneof).
      lines.push("  case undefined:", "    break;", "  default:", `    ${ctx.runtime("invalidValue")}();`, "}");
      continue;
    }
    switch (f.cardinality) {
      case "map": {
        const key = f.mapKey ?? "string";
        const keyTag = (1 << 3) | scalarInfo(key).wireType;
        const valueTag = (2 << 3) | wireTypeOf(f.type);
        lines.push(
          `if (${p} !== undefined) {`,
          `  if (typeof ${p} !== "object" || Array.isArray(${p})) ${ctx.runtime("invalidValue")}();`,
          `  for (const k of Object.keys(${p})) {`,
          `    const v = ${p}[k]!;`,
          `    w.uint32(${plan.delimitedTag}).fork().uint32(${keyTag}).${key}(${mapKeyToWire(key, "k")});`,
          `    ${writeValue(ctx, f.type, valueTag, "v")}`,
          "    w.join();",
          "  }",
          "}",
        );
        break;
      }
      case "repeated":
        if (f.packed) {
          lines.push(`if (${p} !== undefined && ${p}.length !== 0) {`, `  w.uint32(${plan.delimitedTag}).fork();`, `  for (const v of ${p}) w.${method(f.type)}(v);`, "  w.join();", "}");
        } else {
          // Array.isArray: a string is iterable too, and its characters would pass as strings.
          lines.push(`if (${p} !== undefined) {`, `  if (!Array.isArray(${p})) ${ctx.runtime("invalidValue")}();`, `  for (const v of ${p}) { ${writeValue(ctx, f.type, plan.tag, "v", f.delimited)} }`, "}");
        }
        break;
      case "single":
        if (plan.wrapper !== undefined) {
          const inner = `w.uint32(${(1 << 3) | scalarInfo(plan.wrapper).wireType}).${plan.wrapper}(${p});`;
          lines.push(`if (${p} !== undefined) {`, `  w.uint32(${plan.delimitedTag}).fork();`, `  if (${nonZeroCondition(plan.wrapper, p)}) ${inner}`, "  w.join();", "}");
        } else if (f.type.kind === "message") {
          lines.push(`if (${p} !== undefined) { ${writeValue(ctx, f.type, plan.tag, p, f.delimited)} }`);
        } else if (f.presence) {
          lines.push(`if (${p} !== undefined) ${writeValue(ctx, f.type, plan.tag, p)}`);
        } else {
          // An enum compares as a number: a proto2 enum used in proto3 may have no zero member.
          const cond = f.type.kind === "enum" ? `(${p} as number) !== 0 && ${p} !== undefined` : nonZeroCondition(f.type.scalar, p);
          lines.push(`if (${cond}) ${writeValue(ctx, f.type, plan.tag, p)}`);
        }
        break;
    }
  }
  // Unknown fields go back after the known ones, as they arrived (see keepUnknown).
  lines.push("if (m.$unknown !== undefined) for (const u of m.$unknown) w.raw(u);");
  return lines;
}

function isPackable(f: FieldModel): boolean {
  return f.type.kind === "enum" || (f.type.kind === "scalar" && f.type.scalar !== "string" && f.type.scalar !== "bytes");
}

/** Lines of `decodeFrom(r, end, depth)`, given the message's TypeScript and protobuf names. */
export function decodeLines(ctx: FileContext, tsName: string, typeName: string, plans: readonly FieldPlan[], literal: string): string[] {
  const cases: string[] = [];
  const required = requiredPlans(plans);
  // One flag per required field, set when it is read. Merging into an earlier occurrence (`into`)
  // starts them set: that occurrence was checked when it was decoded.
  const flag = new Map(required.map((p, i) => [p, `seen$${i}`])); // `$`: never in a proto name
  for (const plan of plans) {
    const f = plan.field;
    const p = `m.${plan.prop}`;
    if (f.oneof !== undefined) {
      const tag = f.type.kind === "message" ? plan.delimitedTag : plan.tag;
      const same = `${p}.case === "${plan.oneofCase}" ? ${p}.value : undefined`;
      const closed = closedEnum(ctx, f.type);
      if (closed !== undefined) {
        cases.push(`case ${tag}: {`, "  const v = r.int32();", `  if (${closed}[v] !== undefined) ${p} = { case: "${plan.oneofCase}", value: v };`, `  else ${ctx.runtime("keepRead")}(r, start, m);`, "  break;", "}");
        continue;
      }
      cases.push(`case ${tag}:`, `  ${p} = { case: "${plan.oneofCase}", value: ${readValue(ctx, f.type, same, groupTagOf(plan), f.verifyUtf8)} };`, "  break;");
      continue;
    }
    switch (f.cardinality) {
      case "map": {
        const key = f.mapKey ?? "string";
        const keyTag = (1 << 3) | scalarInfo(key).wireType;
        const valueTag = (2 << 3) | wireTypeOf(f.type);
        const keyRead = key !== "string" ? `String(r.${key}())` : f.verifyUtf8 === true ? `${ctx.runtime("verifiedString")}(r)` : "r.string()";
        const closed = closedEnum(ctx, f.type);
        const keyZero = scalarInfo(key).tsType === "boolean" ? '"false"' : key === "string" ? '""' : '"0"';
        const valueType = f.type.kind === "scalar" ? scalarInfo(f.type.scalar).tsType : ctx.ref(f.type.typeName);
        // A missing enum value is 0: protoc requires 0 as the first member of a map value's enum.
        const valueInit = f.type.kind === "message" ? `${valueType} | undefined = undefined` : `${valueType} = ${f.type.kind === "enum" ? "0" : scalarZero(ctx, f.type.scalar)}`;
        const valueOut = f.type.kind === "message" ? `v ?? ${ctx.ref(f.type.typeName)}.create()` : "v";
        cases.push(
          `case ${plan.delimitedTag}: {`,
          "  const e = r.delimited();",
          `  let k = ${keyZero};`,
          `  let v: ${valueInit};`,
          "  while (r.pos < e) {",
          "    const t = r.uint32();",
          `    if (t === ${keyTag}) k = ${keyRead};`,
          `    else if (t === ${valueTag}) v = ${readValue(ctx, f.type, f.type.kind === "message" ? "v" : undefined, undefined, f.verifyUtf8)};`,
          "    else r.skip(t, depth);",
          "  }",
          "  r.checkEnd(e);",
          // An entry whose value no member of a closed enum holds is kept whole, as an unknown field.
          closed === undefined ? `  ${ctx.runtime("setMapEntry")}(${p}, k, ${valueOut});` : `  if (${closed}[v] !== undefined) ${ctx.runtime("setMapEntry")}(${p}, k, ${valueOut}); else ${ctx.runtime("keepRead")}(r, start, m);`,
          "  break;",
          "}",
        );
        break;
      }
      case "repeated": {
        const closed = closedEnum(ctx, f.type);
        if (closed !== undefined) {
          cases.push(
            `case ${plan.delimitedTag}: {`,
            "  const e = r.delimited();",
            "  while (r.pos < e) {",
            "    const v = r.int32();",
            `    if (${closed}[v] !== undefined) ${p}.push(v);`,
            `    else ${ctx.runtime("keepVarint")}(${f.number}, v, m);`,
            "  }",
            "  r.checkEnd(e);",
            "  break;",
            "}",
            `case ${plan.tag}: {`,
            "  const v = r.int32();",
            `  if (${closed}[v] !== undefined) ${p}.push(v);`,
            `  else ${ctx.runtime("keepRead")}(r, start, m);`,
            "  break;",
            "}",
          );
          break;
        }
        if (isPackable(f)) {
          cases.push(
            `case ${plan.delimitedTag}: {`,
            "  const e = r.delimited();",
            `  while (r.pos < e) ${p}.push(r.${method(f.type)}());`,
            "  r.checkEnd(e);",
            "  break;",
            "}",
          );
        }
        cases.push(`case ${f.type.kind === "message" ? plan.delimitedTag : plan.tag}:`, `  ${p}.push(${readValue(ctx, f.type, undefined, groupTagOf(plan), f.verifyUtf8)});`, "  break;");
        break;
      }
      case "single": {
        const seen = flag.has(plan) ? [`  ${flag.get(plan)} = true;`] : [];
        if (plan.wrapper !== undefined && f.type.kind === "message") {
          cases.push(`case ${plan.delimitedTag}:`, `  ${p} = ${ctx.ref(f.type.typeName)}.decodeFrom(r, r.delimited(), depth + 1).value;`, ...seen, "  break;");
        } else if (closedEnum(ctx, f.type) !== undefined) {
          const closed = closedEnum(ctx, f.type)!;
          const set = seen.length === 0 ? `${p} = v;` : `{ ${p} = v; ${flag.get(plan)} = true; }`;
          cases.push(`case ${plan.tag}: {`, "  const v = r.int32();", `  if (${closed}[v] !== undefined) ${set}`, `  else ${ctx.runtime("keepRead")}(r, start, m);`, "  break;", "}");
        } else {
          cases.push(`case ${plan.tag}:`, `  ${p} = ${readValue(ctx, f.type, f.type.kind === "message" ? p : undefined, groupTagOf(plan), f.verifyUtf8)};`, ...seen, "  break;");
        }
        break;
      }
    }
  }
  return [
    `${ctx.runtime("checkDepth")}(depth);`,
    `const m: ${tsName} = into ?? ${literal};`,
    ...(required.length === 0 ? [] : [`let ${required.map((p) => `${flag.get(p)} = into !== undefined`).join(", ")};`]),
    "while (r.pos < end) {",
    "  const start = r.pos;",
    "  const tag = r.uint32();",
    "  switch (tag) {",
    ...cases.map((c) => `    ${c}`),
    "    default:",
    `      ${ctx.runtime("keepUnknown")}(r, tag, start, depth, m);`,
    "  }",
    "}",
    "r.checkEnd(end);",
    ...(required.length === 0 ? [] : [`if (!(${[...flag.values()].join(" && ")})) ${requiredCheck(ctx, typeName, required, [...flag.values()])};`]),
    "return m;",
  ];
}

/** The object literal with every field at its initial value, one property per line. */
export function defaultsLiteral(ctx: FileContext, plans: readonly FieldPlan[]): string {
  const props: string[] = [];
  const seen = new Set<string>();
  for (const plan of plans) {
    if (seen.has(plan.prop)) continue;
    seen.add(plan.prop);
    const value = plan.field.oneof !== undefined ? "{ case: undefined }" : initialValue(ctx, plan);
    props.push(`${plan.prop}: ${value}`);
  }
  if (props.length === 0) return "{}";
  if (props.length <= 4) return `{ ${props.join(", ")} }`;
  return `{\n${props.map((p) => `  ${p},`).join("\n")}\n}`;
}

