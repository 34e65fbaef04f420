/**
 * The server of `unary-profile.ts` (Bun): the generated `Bench` service on `createServer()` with
 * defaults, like the suite's Strand server, controlled over stdin: `mark` starts a window,
 * `usage` reports the CPU time and socket writes since the mark, `exit` ends the process.
 */
import { createServer } from "strand";
import { Bench } from "../gen/bench.ts";
import { benchHandlers } from "../peers/bench-handlers.ts";
import { countWrites } from "./write-counter.ts";

const writes = countWrites();
const server = createServer().add(Bench, benchHandlers);
const { port } = await server.listen({ hostname: "127.0.0.1", port: 0 });
console.log(JSON.stringify({ port }));
let mark = process.cpuUsage();
for await (const line of console) {
  if (line === "mark") {
    mark = process.cpuUsage();
    writes.reset();
    console.log("{}");
  } else if (line === "usage") {
    const cpu = process.cpuUsage(mark);
    console.log(JSON.stringify({ userUs: cpu.user, systemUs: cpu.system, ...writes.figures() }));
  } else if (line === "exit") {
    process.exit(0);
  }
}
