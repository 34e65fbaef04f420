/**
 * grpc-js's client worker, on Node (bundled .mjs) or Bun (this source):
 *   <runtime> grpc-client '<ports JSON>' <path/to/bench.proto>
 */
import { grpcDriver } from "../peers/grpc-connection.ts";
import { loadGrpcBench } from "../peers/grpc-definition.ts";
import { runClientWorker } from "./client-worker.ts";
import { parsePorts } from "./worker-args.ts";

const protoPath = process.argv[3];
if (protoPath === undefined) throw new Error("usage: grpc-client '<ports JSON>' <bench.proto>");
runClientWorker(grpcDriver(loadGrpcBench(protoPath), parsePorts(process.argv[2])));
