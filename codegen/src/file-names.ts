/**
 * The TypeScript names of one generated file's declarations, unique within the file. Proto names
 * that TypeScript would merge — `Foo_Bar` beside `Foo.Bar`, a message `FooClient` beside service
 * `Foo`, extensions `Outer.priority` and `Outer_priority` — are all valid to protoc, so they are
 * escaped rather than refused: the later one gets a `$1` (then `$2`, …) suffix, which no proto
 * name can produce. Services are named first, then top-level types, then nested ones, so adding a
 * nested type never renames a top-level one and no type renames a service.
 */
import { extensionIdentifier } from "./extension-name.ts";
import type { FileModel } from "./model.ts";
import { descriptorIdentifier, typeIdentifier } from "./names.ts";

/** Names assigned by {@link assignFileNames}, by fully-qualified proto name. */
export interface FileNames {
  /** Messages and enums. */
  readonly types: ReadonlyMap<string, string>;
  /** Services: the descriptor's name; `Client` and `Handlers` are appended for the two types. */
  readonly services: ReadonlyMap<string, string>;
  readonly extensions: ReadonlyMap<string, string>;
  /** The file's descriptor constant (`file_a_b_c` for `a/b/c.proto`), named last so it renames nothing. */
  readonly descriptor: string;
  /** Every name declared, for import aliasing. */
  readonly all: readonly string[];
}

/** A name from `base` not in `used`: `base`, else `base$1`, `base$2`, … (all of `forms(name)` must be free). */
export function uniqueName(base: string, used: ReadonlySet<string>, forms: (name: string) => readonly string[] = (n) => [n]): string {
  for (let n = 0; ; n++) {
    const name = n === 0 ? base : `${base}$${n}`;
    if (forms(name).every((f) => !used.has(f))) return name;
  }
}

/** Assigns every declaration of `file` its TypeScript name. */
export function assignFileNames(file: FileModel): FileNames {
  const used = new Set<string>();
  const types = new Map<string, string>();
  const services = new Map<string, string>();
  const extensions = new Map<string, string>();
  const serviceForms = (n: string): string[] => [n, `${n}Client`, `${n}Handlers`];
  for (const nested of [false, true]) {
    const pick = (localName: string): boolean => localName.includes(".") === nested;
    if (!nested) {
      for (const s of file.services) {
        const name = uniqueName(typeIdentifier(s.localName), used, serviceForms);
        for (const f of serviceForms(name)) used.add(f);
        services.set(s.typeName, name);
      }
    }
    for (const t of [...file.messages, ...file.enums]) {
      if (!pick(t.localName)) continue;
      const name = uniqueName(typeIdentifier(t.localName), used);
      used.add(name);
      types.set(t.typeName, name);
    }
    for (const x of file.extensions) {
      if (!pick(x.localName)) continue;
      const name = uniqueName(extensionIdentifier(x), used);
      used.add(name);
      extensions.set(x.typeName, name);
    }
  }
  const descriptor = uniqueName(descriptorIdentifier(file.protoPath), used);
  used.add(descriptor);
  return { types, services, extensions, descriptor, all: [...used] };
}
