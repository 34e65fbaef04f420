/**
 * The files reflection serves, indexed by name, by every symbol they define and by the extensions
 * they declare. It reads its files from a source — the runtime's registry of generated modules,
 * or a fixed list and everything it imports — and indexes lazily: a file is read (its bytes decoded
 * and walked) the first time a question arrives after it was registered, so a server pays nothing
 * for reflection until a client asks. The registry only grows, so only its new files are indexed.
 */
import type { FileDescriptor } from "@strand/protobuf";
import { fileSymbols } from "./descriptor-symbols.ts";

/** Looks up reflected files. */
export class FileIndex {
  readonly #source: () => readonly FileDescriptor[];
  /** How many of the source's files are indexed (the source only appends). */
  #indexed = 0;
  readonly #byName = new Map<string, FileDescriptor>();
  readonly #bySymbol = new Map<string, FileDescriptor>();
  /** Extended message → extension number → declaring file. */
  readonly #extensions = new Map<string, Map<number, FileDescriptor>>();

  /** Indexes the files `source` returns; it is called on every question and must only ever append. */
  constructor(source: () => readonly FileDescriptor[]) {
    this.#source = source;
  }

  /** The file named `name` (`"greeter/v1/greeter.proto"`). */
  file(name: string): FileDescriptor | undefined {
    this.#sync();
    return this.#byName.get(name);
  }

  /** The file defining `symbol`: a message, enum, enum value, field, oneof, service, method or extension. */
  fileOfSymbol(symbol: string): FileDescriptor | undefined {
    this.#sync();
    return this.#bySymbol.get(symbol);
  }

  /** The file declaring extension `number` of message `extendee`. */
  fileOfExtension(extendee: string, number: number): FileDescriptor | undefined {
    this.#sync();
    return this.#extensions.get(extendee)?.get(number);
  }

  /** The numbers of the known extensions of `extendee`, ascending; `undefined` when no file defines that message. */
  extensionNumbers(extendee: string): number[] | undefined {
    this.#sync();
    if (this.#bySymbol.get(extendee) === undefined) return undefined;
    return [...(this.#extensions.get(extendee)?.keys() ?? [])].sort((a, b) => a - b);
  }

  #sync(): void {
    const files = this.#source();
    for (; this.#indexed < files.length; this.#indexed++) this.#add(files[this.#indexed]!);
  }

  /** Indexes one file; the first file of a name, symbol or extension keeps it. */
  #add(file: FileDescriptor): void {
    if (this.#byName.has(file.name)) return;
    this.#byName.set(file.name, file);
    let found;
    try {
      found = fileSymbols(file.bytes);
    } catch {
      return; // not a descriptor (hand-made): still served by name
    }
    for (const symbol of found.symbols) if (!this.#bySymbol.has(symbol)) this.#bySymbol.set(symbol, file);
    for (const { extendee, number } of found.extensions) {
      let numbers = this.#extensions.get(extendee);
      if (numbers === undefined) this.#extensions.set(extendee, (numbers = new Map()));
      if (!numbers.has(number)) numbers.set(number, file);
    }
  }
}

/** `files` and every file they import, transitively; the first file of each name, imports after importers. */
export function withDependencies(files: readonly FileDescriptor[]): FileDescriptor[] {
  const seen = new Map<string, FileDescriptor>();
  const queue = [...files];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    if (seen.has(file.name)) continue;
    seen.set(file.name, file);
    queue.push(...file.dependencies);
  }
  return [...seen.values()];
}
