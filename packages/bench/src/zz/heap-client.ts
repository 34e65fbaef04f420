import { createChannel, createClient } from "strand";
import { Bench } from "../gen/bench.ts";
const port = Number(process.argv[2]); const N = Number(process.argv[3]);
const chans = [];
for (let i = 0; i < N; i++) { const ch = createChannel(`127.0.0.1:${port}`); await createClient(Bench, ch).echo({ data: new Uint8Array(1) }); chans.push(ch); }
console.log("ready");
await Bun.sleep(100000);
