/**
 * Naming rules of generated code: TypeScript property names from proto field names, type names
 * from nested proto names, and escaping of anything unsafe (reserved words for identifiers;
 * `__proto__`, `constructor` and other `Object.prototype` members for properties) by appending `$`,
 * which can never occur in a proto name and so never collides.
 */

/** protoc's `ToJsonName`: drop underscores and upper-case the letter after each. */
export function jsonNameOf(protoName: string): string {
  let out = "";
  let upper = false;
  for (const c of protoName) {
    if (c === "_") upper = true;
    else if (upper) {
      out += c.toUpperCase();
      upper = false;
    } else out += c;
  }
  return out;
}

/** Words that cannot be (or are unwise as) a top-level `const`/`interface` name. */
const RESERVED_IDENTIFIERS = new Set([
  "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else",
  "enum", "export", "extends", "false", "finally", "for", "function", "if", "import", "in", "instanceof",
  "new", "null", "return", "super", "switch", "this", "throw", "true", "try", "typeof", "var", "void",
  "while", "with", "as", "implements", "interface", "let", "package", "private", "protected", "public",
  "static", "yield", "await", "async", "any", "boolean", "number", "string", "symbol", "bigint", "never",
  "object", "unknown", "undefined", "type", "of", "arguments", "eval", "declare", "module", "namespace",
  "require", "get", "set", "keyof", "readonly", "infer", "is", "asserts", "global", "abstract",
  // Globals generated code refers to.
  "Object", "Array", "Uint8Array", "BigInt", "String", "Number", "Boolean", "Symbol", "Error", "Promise",
  "Partial", "Record", "globalThis", "Infinity", "NaN", "Date", "Map", "Set", "JSON", "Math",
  // Runtime names generated code imports.
  "BinaryReader", "BinaryWriter", "MessageType", "JsonValue", "JsonReadOptions", "JsonWriteOptions",
  "sharedWriter", "sharedReader", "appendEncoded", "ByteSink", "EMPTY_BYTES", "checkDepth", "initMessage", "setMapEntry", "enumType", "messageToJson", "messageFromJson",
  "keepUnknown", "keepRead", "keepVarint", "verifiedString", "groupEnd", "endGroup", "parseJsonText", "Extension", "requiredMissing", "MessageInit", "invalidValue", "encodeFailed",
  "fileDescriptor", "FileDescriptor",
  "method", "service", "Client", "ServiceHandlers",
  // Parameters and locals of generated methods.
  "m", "w", "r", "k", "v", "e", "t", "j", "o", "u", "tag", "end", "depth", "bytes", "init", "start", "sink", "into", "text",
]);

/** Property names that would hit `Object.prototype` behaviour on plain objects. */
const RESERVED_PROPERTIES = new Set([
  "__proto__", "constructor", "toString", "toJSON", "valueOf", "hasOwnProperty", "isPrototypeOf",
  "propertyIsEnumerable", "toLocaleString", "__defineGetter__", "__defineSetter__", "__lookupGetter__",
  "__lookupSetter__",
]);

/** A safe identifier for a top-level declaration. */
export function safeIdentifier(name: string): string {
  return RESERVED_IDENTIFIERS.has(name) ? `${name}$` : name;
}

/** A safe property name: escapes `Object.prototype` members. */
export function safeProperty(name: string): string {
  return RESERVED_PROPERTIES.has(name) ? `${name}$` : name;
}

/** The TypeScript property for a proto field or oneof name: lowerCamelCase, escaped. */
export function propertyName(protoName: string): string {
  return safeProperty(jsonNameOf(protoName));
}

/** The TypeScript name of a (possibly nested) type: `Order.Line` → `Order_Line`, escaped. */
export function typeIdentifier(localName: string): string {
  return safeIdentifier(localName.replace(/\./g, "_"));
}

/**
 * The local method name of an rpc: lowerCamelCase (`GetOrder` → `getOrder`), escaped. `Then`
 * becomes `then$`: a client (or handler object) with a `then` method is a thenable, so `await`
 * and `return` from an async function would call it instead of passing the object on.
 */
export function methodName(rpcName: string): string {
  const name = safeProperty(rpcName.charAt(0).toLowerCase() + rpcName.slice(1));
  return name === "then" ? "then$" : name;
}

/** The name of a file's descriptor constant: `greeter/v1/greeter.proto` → `file_greeter_v1_greeter`. */
export function descriptorIdentifier(protoPath: string): string {
  return `file_${protoPath.replace(/\.proto$/, "").replace(/[^A-Za-z0-9_]/g, "_")}`;
}

/** `a/b/c.proto` → `a/b/c.ts`. */
export function outputPath(protoPath: string): string {
  return protoPath.replace(/\.proto$/, "") + ".ts";
}

/** A relative module specifier from generated file `from` to `to` (both output paths). */
export function relativeImport(from: string, to: string): string {
  const fromParts = from.split("/").slice(0, -1);
  const toParts = to.split("/");
  let i = 0;
  while (i < fromParts.length && i < toParts.length - 1 && fromParts[i] === toParts[i]) i++;
  const up = fromParts.length - i;
  const rest = toParts.slice(i).join("/");
  return up === 0 ? `./${rest}` : `${"../".repeat(up)}${rest}`;
}
