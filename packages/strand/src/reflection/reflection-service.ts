/**
 * The handlers of `grpc.reflection.v1.ServerReflection` and of its predecessor
 * `grpc.reflection.v1alpha.ServerReflection` (same messages, same numbers; many clients still
 * speak only v1alpha), over one {@link FileIndex}. Each stream handles its requests one at a time,
 * in order — the next is read only once the answer to the last one is written, so a client cannot
 * queue work on the server — and remembers which files it has sent.
 */
import type { ServiceHandlers } from "@strand/rpc";
import { ServerReflection, type ServerReflectionRequest, type ServerReflectionResponse } from "../gen/grpc/reflection/v1/reflection.ts";
import { ServerReflection as ServerReflectionV1Alpha } from "../gen/grpc/reflection/v1alpha/reflection.ts";
import { answer } from "./reflection-answer.ts";
import type { FileIndex } from "./file-index.ts";

/** One `ServerReflectionInfo` stream. */
async function* conversation(requests: AsyncIterable<ServerReflectionRequest>, index: FileIndex, services: () => Iterable<string>): AsyncGenerator<ServerReflectionResponse> {
  const stream = { sent: new Set<string>() };
  for await (const request of requests) yield answer(request, index, services, stream);
}

/** Handlers of v1 over `index`; `services` names the server's services. */
export function reflectionHandlers(index: FileIndex, services: () => Iterable<string>): ServiceHandlers<typeof ServerReflection> {
  return { serverReflectionInfo: (requests) => conversation(requests, index, services) };
}

/** Handlers of v1alpha, the same conversation. */
export function reflectionV1AlphaHandlers(index: FileIndex, services: () => Iterable<string>): ServiceHandlers<typeof ServerReflectionV1Alpha> {
  return { serverReflectionInfo: (requests) => conversation(requests, index, services) };
}

export { ServerReflection, ServerReflectionV1Alpha };
