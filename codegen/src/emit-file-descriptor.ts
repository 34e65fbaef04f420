/**
 * Emits a file's descriptor constant, the last statement of its module:
 *
 * ```ts
 * export const file_greeter_v1_greeter: FileDescriptor = /* @__PURE__ *\/ fileDescriptor("greeter/v1/greeter.proto", "<base64>", [file_google_protobuf_timestamp]);
 * ```
 *
 * The string is the file's serialized `FileDescriptorProto` (see descriptor-build.ts); the list
 * holds the constants of the files it imports, imported from their own modules, so each
 * descriptor is written once however many files import it. The call registers the file with the
 * runtime's registry, which server reflection reads. It is marked pure: a bundler drops the
 * constant — string and registration — from a bundle whose code never references it, as a
 * browser client's does not.
 */
import { type StatementStructures, StructureKind, VariableDeclarationKind } from "ts-morph";
import { CodegenError } from "./diagnostic.ts";
import { encodeFileDescriptor, fileDependencies } from "./descriptor-build.ts";
import type { FileContext } from "./file-context.ts";
import type { FileIndex } from "./file-index.ts";
import type { FileModel } from "./model.ts";

/** The statement declaring `file`'s descriptor constant, called `name`. */
export function emitFileDescriptor(ctx: FileContext, file: FileModel, name: string, files: FileIndex): StatementStructures {
  const dependencies = fileDependencies(file, (t) => files.declaringFile(t));
  const refs = dependencies.map((path) => {
    const dep = files.byPath.get(path);
    if (dep === undefined) throw new CodegenError("unknown_type", `${file.protoPath} imports ${path}, which is not in the model`);
    return ctx.importFrom(dep.outFile, dep.descriptor);
  });
  const base64 = Buffer.from(encodeFileDescriptor(file, dependencies)).toString("base64");
  const args = [JSON.stringify(file.protoPath), JSON.stringify(base64), ...(refs.length === 0 ? [] : [`[${refs.join(", ")}]`])];
  return {
    kind: StructureKind.VariableStatement,
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: [`The descriptor of \`${file.protoPath}\` and of the files it imports, for server reflection.\nBundles that never reference it leave it out.`],
    declarations: [{ name, type: ctx.runtimeType("FileDescriptor"), initializer: `/* @__PURE__ */ ${ctx.runtime("fileDescriptor")}(${args.join(", ")})` }],
  };
}
