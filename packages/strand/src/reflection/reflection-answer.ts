/**
 * One reflection question, answered as gRPC's servers answer it (grpc-go's `serverreflection`):
 * files come with every file they import, transitively, except imports this stream was already
 * sent (the requested file itself is always sent); what is not found is an `error_response` with
 * NOT_FOUND on the stream, which goes on. The answer echoes the request and its host.
 */
import { Code, RpcError } from "@strand/rpc";
import type { FileDescriptor } from "@strand/protobuf";
import type { ServerReflectionRequest, ServerReflectionResponse } from "../gen/grpc/reflection/v1/reflection.ts";
import type { FileIndex } from "./file-index.ts";

type Response = ServerReflectionResponse["messageResponse"];

/** What one stream remembers: the files it has sent (bounded by the number of files served). */
export interface ReflectionStream {
  readonly sent: Set<string>;
}

/** Answers `request` from `index`; `services` lists the server's services. Throws INVALID_ARGUMENT for an empty request (the stream ends). */
export function answer(request: ServerReflectionRequest, index: FileIndex, services: () => Iterable<string>, stream: ReflectionStream): ServerReflectionResponse {
  return { validHost: request.host, originalRequest: request, messageResponse: respond(request.messageRequest, index, services, stream) };
}

function respond(question: ServerReflectionRequest["messageRequest"], index: FileIndex, services: () => Iterable<string>, stream: ReflectionStream): Response {
  switch (question.case) {
    case "fileByFilename":
      return files(index.file(question.value), stream, () => `file "${question.value}" not found`);
    case "fileContainingSymbol":
      return files(index.fileOfSymbol(question.value.replace(/^\./, "")), stream, () => `symbol "${question.value}" not found`);
    case "fileContainingExtension": {
      const { containingType, extensionNumber } = question.value;
      return files(index.fileOfExtension(containingType, extensionNumber), stream, () => `extension ${extensionNumber} of "${containingType}" not found`);
    }
    case "allExtensionNumbersOfType": {
      const numbers = index.extensionNumbers(question.value);
      if (numbers === undefined) return notFound(`type "${question.value}" not found`);
      return { case: "allExtensionNumbersResponse", value: { baseTypeName: question.value, extensionNumber: numbers } };
    }
    case "listServices":
      return { case: "listServicesResponse", value: { service: [...services()].sort().map((name) => ({ name })) } };
    case undefined:
      throw new RpcError(Code.InvalidArgument, "invalid MessageRequest: none of its fields is set");
  }
}

function files(file: FileDescriptor | undefined, stream: ReflectionStream, missing: () => string): Response {
  if (file === undefined) return notFound(missing());
  return { case: "fileDescriptorResponse", value: { fileDescriptorProto: withUnsentImports(file, stream.sent) } };
}

function notFound(message: string): Response {
  return { case: "errorResponse", value: { errorCode: Code.NotFound, errorMessage: message } };
}

/**
 * `file` (always) and the files it imports, breadth first, skipping those in `sent` — grpc-go's
 * `fileDescWithDependencies` — and marks them all as sent.
 */
function withUnsentImports(file: FileDescriptor, sent: Set<string>): Uint8Array[] {
  const out: Uint8Array[] = [file.bytes];
  sent.add(file.name);
  const visited = new Set([file.name]);
  const queue = [...file.dependencies];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    if (visited.has(next.name)) continue;
    visited.add(next.name);
    if (!sent.has(next.name)) {
      sent.add(next.name);
      out.push(next.bytes);
    }
    queue.push(...next.dependencies);
  }
  return out;
}
