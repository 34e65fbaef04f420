/**
 * `strand/reflection`: gRPC's server reflection services as generated from their own protos, for
 * clients that ask a server what it serves (`strand list`, `strand describe`, `strand call`):
 * `grpc.reflection.v1.ServerReflection` under its own names and the older
 * `grpc.reflection.v1alpha.ServerReflection` as `ServerReflectionV1Alpha` (the messages are the
 * same; use v1's types with either). A server serves both with `createServer({ reflection: true })`.
 * Browser-safe, like the other generated entries.
 */
export * from "./gen/grpc/reflection/v1/reflection.ts";
export {
  ServerReflection as ServerReflectionV1Alpha,
  type ServerReflectionClient as ServerReflectionV1AlphaClient,
  type ServerReflectionHandlers as ServerReflectionV1AlphaHandlers,
  file_grpc_reflection_v1alpha_reflection,
} from "./gen/grpc/reflection/v1alpha/reflection.ts";
export { type FileDescriptor, registeredFileDescriptors } from "@strand/protobuf";
export type { ReflectionOption, ReflectionOptions } from "./reflection/serve-reflection.ts";
