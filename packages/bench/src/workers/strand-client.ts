/**
 * Strand's client worker (Bun): `bun strand-client.ts '<ports JSON>' ['<channel options JSON>' [--count-bytes | --otel | --metrics ...]]`.
 * S9's peers pass their `compression` as channel options and count the bytes written to sockets;
 * the instrumented peers install OpenTelemetry, Prometheus metrics or both (`peers/instrumentation.ts`).
 */
import type { ChannelOptions } from "strand";
import { clientInstrumentation } from "../peers/instrumentation.ts";
import { countSocketBytes } from "../peers/socket-bytes.ts";
import { strandDriver } from "../peers/strand-connection.ts";
import { runClientWorker } from "./client-worker.ts";
import { parsePorts } from "./worker-args.ts";

const options = JSON.parse(process.argv[3] ?? "{}") as ChannelOptions;
const flags = process.argv.slice(4);
if (flags.includes("--count-bytes")) countSocketBytes();
const instrumentation = await clientInstrumentation(flags);
runClientWorker(strandDriver(parsePorts(process.argv[2]), options, { interceptors: instrumentation.interceptors }, instrumentation.watch));
