/** Strand's client worker over WebSocket (Bun): `bun strand-ws-client.ts '<ports JSON with url>'`. */
import { strandWebSocketDriver } from "../peers/strand-connection.ts";
import { runClientWorker } from "./client-worker.ts";
import { parsePorts } from "./worker-args.ts";

runClientWorker(strandWebSocketDriver(parsePorts(process.argv[2])));
