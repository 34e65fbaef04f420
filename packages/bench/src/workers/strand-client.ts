/**
 * Strand's client worker (Bun): `bun strand-client.ts '<ports JSON>' ['<channel options JSON>' [--count-bytes | --otel]]`.
 * S9's peers pass their `compression` as channel options and count the bytes written to sockets;
 * the `strand-otel` peer installs the OpenTelemetry SDK and `otelClientInterceptor`.
 */
import type { ChannelOptions, Interceptor } from "strand";
import { countSocketBytes } from "../peers/socket-bytes.ts";
import { strandDriver } from "../peers/strand-connection.ts";
import { runClientWorker } from "./client-worker.ts";
import { parsePorts } from "./worker-args.ts";

const options = JSON.parse(process.argv[3] ?? "{}") as ChannelOptions;
if (process.argv[4] === "--count-bytes") countSocketBytes();
const interceptors = process.argv[4] === "--otel" ? await otelInterceptors() : [];
runClientWorker(strandDriver(parsePorts(process.argv[2]), options, { interceptors }));

/** Imported only by the `strand-otel` peer's process, so no other peer loads the SDK. */
async function otelInterceptors(): Promise<Interceptor[]> {
  const [{ installOtel }, { otelClientInterceptor }] = await Promise.all([import("../peers/otel-sdk.ts"), import("@strand/otel")]);
  installOtel();
  return [otelClientInterceptor()];
}
