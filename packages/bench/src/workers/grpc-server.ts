/**
 * The grpc-js benchmark server: the same `Bench` service on @grpc/grpc-js with default options,
 * run on Node (bundled to .mjs by the orchestrator) and on Bun (from this source).
 *   <runtime> grpc-server <path/to/bench.proto>
 */
import * as grpc from "@grpc/grpc-js";
import { loadGrpcBench, type GrpcPayload, type GrpcStreamRequest } from "../peers/grpc-definition.ts";
import { serveControl } from "./server-control.ts";

const protoPath = process.argv[2];
if (protoPath === undefined) throw new Error("usage: grpc-server <bench.proto>");
const bench = loadGrpcBench(protoPath);

function echo(call: grpc.ServerUnaryCall<GrpcPayload, GrpcPayload>, callback: grpc.sendUnaryData<GrpcPayload>): void {
  callback(null, call.request);
}

/** Writes until `count` is reached or the client cancels, waiting for `drain` when told to. */
function pump(call: grpc.ServerWritableStream<GrpcStreamRequest, GrpcPayload>): void {
  const { size, count } = call.request;
  const message: GrpcPayload = { data: Buffer.alloc(size) };
  let sent = 0;
  let cancelled = false;
  call.on("cancelled", () => {
    cancelled = true;
  });
  call.on("error", () => {
    cancelled = true;
  });
  const resume = (): void => {
    while (!cancelled && (count === 0 || sent < count)) {
      sent++;
      if (!call.write(message)) {
        call.once("drain", resume);
        return;
      }
    }
    if (!cancelled) call.end();
  };
  resume();
}

function chat(call: grpc.ServerDuplexStream<GrpcPayload, GrpcPayload>): void {
  call.on("data", (message: GrpcPayload) => call.write(message));
  call.on("end", () => call.end());
  call.on("error", () => {});
}

const server = new grpc.Server();
server.addService(bench.service, { echo, pump, chat });
server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) => {
  if (error !== null) throw error;
  serveControl({ port });
});
