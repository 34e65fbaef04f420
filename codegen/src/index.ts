/**
 * `@strand/codegen`: `.proto` → TypeScript. The pure core is {@link generate} over a {@link Model};
 * {@link loadProtos} + {@link buildModel} produce the model from `.proto` text; the CLI
 * (`strand`, see `cli.ts`) does the file-system work.
 */
export { generate, type GeneratedFile, type GenerateOptions } from "./generate.ts";
export { loadProtos, type LoadedFile, type LoadedProtos, type ProtoReader, type ProtoSourceFile } from "./load-protos.ts";
export { buildModel } from "./build-model.ts";
export { jsonNameOf } from "./names.ts";
export { CodegenError, type CodegenErrorCode, type SourceLocation } from "./diagnostic.ts";
export type * from "./model.ts";
