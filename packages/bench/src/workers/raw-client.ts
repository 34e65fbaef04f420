/** The raw peer's client worker (Bun): `bun raw-client.ts '<ports JSON>'`. */
import { rawDriver } from "../peers/raw-connection.ts";
import { runClientWorker } from "./client-worker.ts";
import { parsePorts } from "./worker-args.ts";

runClientWorker(rawDriver(parsePorts(process.argv[2])));
