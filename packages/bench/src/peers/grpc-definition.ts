/**
 * bench.proto loaded the way grpc-js users load it: @grpc/proto-loader at run time, no codegen.
 * Node-compatible (the grpc-js workers run on Node and on Bun).
 */
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";

/** The `Bench` service as grpc-js sees it: its definition (servers) and client constructor. */
export interface GrpcBench {
  readonly service: grpc.ServiceDefinition;
  readonly Client: grpc.ServiceClientConstructor;
}

/** The message shape proto-loader produces for `Payload` (bytes as Buffer). */
export interface GrpcPayload {
  data: Uint8Array;
}

/** The message shape proto-loader produces for `StreamRequest`. */
export interface GrpcStreamRequest {
  size: number;
  count: number;
}

/** Loads `strand.bench.v1.Bench` from the .proto file at `protoPath`. */
export function loadGrpcBench(protoPath: string): GrpcBench {
  const definition = protoLoader.loadSync(protoPath, { keepCase: false, longs: Number, enums: String, defaults: true });
  const root = grpc.loadPackageDefinition(definition);
  const Client = lookup(root, ["strand", "bench", "v1", "Bench"]);
  return { service: Client.service, Client };
}

function lookup(root: grpc.GrpcObject, path: readonly string[]): grpc.ServiceClientConstructor {
  let node: grpc.GrpcObject | grpc.ServiceClientConstructor | grpc.ProtobufTypeDefinition = root;
  for (const name of path) {
    const next: unknown = (node as grpc.GrpcObject)[name];
    if (next === undefined) throw new Error(`bench.proto: ${path.join(".")} not found`);
    node = next as grpc.GrpcObject;
  }
  if (typeof node !== "function") throw new Error(`bench.proto: ${path.join(".")} is not a service`);
  return node;
}
