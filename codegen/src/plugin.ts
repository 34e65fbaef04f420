/**
 * Plugin mode: a `CodeGeneratorRequest` in, a `CodeGeneratorResponse` out — the same pipeline as
 * `strand generate` from `buildModel` on ({@link modelFromDescriptors} → `generate`), so
 * `protoc --strand_out` and `buf generate` write the very bytes `strand generate` writes. Like
 * `strand generate`, it emits every file of the request (requested files and the files they
 * import), so the generated imports always resolve.
 */
import { modelFromDescriptors } from "./descriptor-model.ts";
import { decodeRequest, encodeResponse, type PluginResponse } from "./descriptor-schema.ts";
import { generate } from "./generate.ts";

/** `CodeGeneratorResponse.Feature`: proto3 `optional` and editions are both supported. */
const FEATURE_PROTO3_OPTIONAL = 1;
const FEATURE_SUPPORTS_EDITIONS = 2;
/** `google.protobuf.Edition` values: proto2 through edition 2023. */
const EDITION_PROTO2 = 998;
const EDITION_2023 = 1000;

const SUPPORT: PluginResponse = {
  supportedFeatures: FEATURE_PROTO3_OPTIONAL | FEATURE_SUPPORTS_EDITIONS,
  minimumEdition: EDITION_PROTO2,
  maximumEdition: EDITION_2023,
};

/**
 * Answers one encoded request. Problems with the `.proto` input or the parameter are reported in
 * the response's `error` (protoc prints it, prefixed with the plugin name, and fails); a request
 * that does not decode throws, so the caller exits non-zero, as the plugin protocol asks.
 */
export function runPlugin(input: Uint8Array): Uint8Array {
  const request = decodeRequest(input);
  try {
    const parameter = (request.parameter ?? "").trim();
    if (parameter !== "") throw new Error(`unknown option "${parameter}" (protoc-gen-strand takes no options)`);
    const model = modelFromDescriptors(request.protoFile ?? []);
    const files = generate(model).map((f) => ({ name: f.path, content: f.content }));
    return encodeResponse({ ...SUPPORT, file: files });
  } catch (error) {
    return encodeResponse({ ...SUPPORT, error: error instanceof Error ? error.message : String(error) });
  }
}
