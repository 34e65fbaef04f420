import { fromBase64, toBase64 } from "./base64.ts";
import { metadataError } from "./metadata-error.ts";

/** A metadata value: ASCII text, or bytes for names ending in `-bin`. */
export type MetadataValue = string | Uint8Array;

/**
 * Everything call options and constructors accept as metadata: a {@link Metadata}, a plain object
 * (`{ "x-user": "7", "trace-bin": bytes, "x-tag": ["a", "b"] }`) or `[name, value]` pairs.
 */
export type MetadataInit =
  | Metadata
  | { readonly [name: string]: MetadataValue | readonly MetadataValue[] | undefined }
  | Iterable<readonly [string, MetadataValue]>;

const NAME = /^[0-9a-z_.-]+$/;

/** True for names whose values are bytes (`-bin` suffix, as in gRPC). */
export function isBinaryName(name: string): boolean {
  return name.endsWith("-bin");
}

/**
 * Lower-cases and validates a metadata name. Names are what HTTP/2 and gRPC allow (`0-9 a-z _ . -`),
 * so metadata can cross a gateway to gRPC unchanged; `:`-names are reserved for the RPC mapping.
 */
export function normalizeName(name: string): string {
  const lower = name.toLowerCase();
  if (!NAME.test(lower)) throw metadataError(`invalid metadata name ${JSON.stringify(name)}`);
  return lower;
}

/** Throws unless `value` fits `name`: bytes for `-bin` names, printable ASCII (0x20–0x7E) otherwise. */
export function checkValue(name: string, value: MetadataValue): void {
  if (isBinaryName(name)) {
    if (!(value instanceof Uint8Array)) {
      throw metadataError(`metadata ${name} must be a Uint8Array (binary name)`);
    }
    return;
  }
  if (typeof value !== "string") {
    throw metadataError(`metadata ${name} must be a string (only -bin names carry bytes)`);
  }
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) {
      throw metadataError(`metadata ${name} has a non-printable-ASCII character at ${String(i)}`);
    }
  }
}

/**
 * Request headers, response headers and trailers. `Headers`-like (case-insensitive names, several
 * values per name, insertion order kept) but with bytes for `-bin` names instead of HTTP's base64
 * strings, because Strand's header blocks are binary. Values are validated on insertion so a bad
 * value fails where it was written, not somewhere in the transport.
 */
export class Metadata implements Iterable<[string, MetadataValue]> {
  /** Created on the first entry: most calls carry no metadata, and every call builds several of these. */
  #map: Map<string, MetadataValue[]> | undefined;

  constructor(init?: MetadataInit) {
    if (init === undefined) return;
    if (init instanceof Metadata) {
      if (init.#map !== undefined) for (const [name, values] of init.#map) this.#entries().set(name, values.slice());
    } else if (isIterable(init)) {
      for (const [name, value] of init) this.append(name, value);
    } else {
      for (const name of Object.keys(init)) {
        const value = init[name];
        if (value === undefined) continue;
        if (typeof value === "string" || value instanceof Uint8Array) this.append(name, value);
        else for (const v of value) this.append(name, v);
      }
    }
  }

  /** Number of distinct names; 0 lets encoders skip work on the hot path. */
  get size(): number {
    return this.#map?.size ?? 0;
  }

  /**
   * First value of `name` as text; binary values come back base64-encoded (as HTTP would show them)
   * so this never lies about its type. Use {@link getBinary} for bytes.
   */
  get(name: string): string | undefined {
    const value = this.#map?.get(name.toLowerCase())?.[0];
    return value === undefined || typeof value === "string" ? value : toBase64(value);
  }

  /** First value of a `-bin` name as bytes (a text value is returned as its ASCII bytes). */
  getBinary(name: string): Uint8Array | undefined {
    const value = this.#map?.get(name.toLowerCase())?.[0];
    return value === undefined || value instanceof Uint8Array ? value : new TextEncoder().encode(value);
  }

  /** All values of `name`, in insertion order. */
  getAll(name: string): readonly MetadataValue[] {
    return this.#map?.get(name.toLowerCase()) ?? [];
  }

  has(name: string): boolean {
    return this.#map?.has(name.toLowerCase()) === true;
  }

  /** Replaces all values of `name`. A string for a `-bin` name is taken as base64. */
  set(name: string, value: MetadataValue): this {
    const key = normalizeName(name);
    const v = coerce(key, value);
    this.#entries().set(key, [v]);
    return this;
  }

  /** Adds a value after the existing ones. A string for a `-bin` name is taken as base64. */
  append(name: string, value: MetadataValue): this {
    const key = normalizeName(name);
    const v = coerce(key, value);
    const map = this.#entries();
    const values = map.get(key);
    if (values === undefined) map.set(key, [v]);
    else values.push(v);
    return this;
  }

  delete(name: string): boolean {
    return this.#map?.delete(name.toLowerCase()) === true;
  }

  /** Appends every entry of `other` (used to merge headers into an error's metadata). */
  merge(other: Metadata): this {
    // Direct map walk: this runs for every call's trailers, usually empty, so no generator.
    if (other.#map === undefined) return this;
    for (const [name, values] of other.#map) for (const value of values) this.append(name, value);
    return this;
  }

  /** `[name, value]` pairs, one per value, names lower-case. */
  *[Symbol.iterator](): Iterator<[string, MetadataValue]> {
    if (this.#map === undefined) return;
    for (const [name, values] of this.#map) for (const value of values) yield [name, value];
  }

  #entries(): Map<string, MetadataValue[]> {
    return (this.#map ??= new Map());
  }

  /** Plain-object view for logs and tests; several values are joined with `", "` like `Headers`. */
  toJSON(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, values] of this.#map ?? []) {
      out[name] = values.map((v) => (typeof v === "string" ? v : toBase64(v))).join(", ");
    }
    return out;
  }
}

function coerce(name: string, value: MetadataValue): MetadataValue {
  const v = typeof value === "string" && isBinaryName(name) ? base64OrThrow(name, value) : value;
  checkValue(name, v);
  return v;
}

function base64OrThrow(name: string, value: string): Uint8Array {
  const bytes = fromBase64(value);
  if (bytes === undefined) throw metadataError(`metadata ${name}: string value is not valid base64`);
  return bytes;
}

function isIterable(value: object): value is Iterable<readonly [string, MetadataValue]> {
  return typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === "function";
}
