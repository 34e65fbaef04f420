/**
 * `strand/protobuf`: the message runtime generated code imports (binary reader/writer, JSON
 * mapping, well-known-type helpers, registries). Re-exported whole rather than by name: generated
 * code of this version may use any of it, and a subset here would break it. Browser-safe.
 */
export * from "@strand/protobuf";
