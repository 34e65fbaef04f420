/** Strand's client worker (Bun): `bun strand-client.ts '<ports JSON>'`. */
import { strandDriver } from "../peers/strand-connection.ts";
import { runClientWorker } from "./client-worker.ts";
import { parsePorts } from "./worker-args.ts";

runClientWorker(strandDriver(parsePorts(process.argv[2])));
