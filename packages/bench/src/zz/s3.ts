import { strandDriver } from "../peers/strand-connection.ts";
const child = Bun.spawn([process.execPath, ...(process.env.SERVER_PROF ? ["--cpu-prof", "--cpu-prof-dir", "/tmp/prof-server"] : []), new URL("../workers/strand-server.ts", import.meta.url).pathname], { stdin: "pipe", stdout: "pipe", stderr: "inherit" });
const reader = child.stdout.getReader();
let text = "";
while (!text.includes("\n")) text += new TextDecoder().decode((await reader.read()).value);
const port = JSON.parse(text.split("\n")[0]!).port as number;
let pendingLines = text.split("\n").slice(1).join("\n");
async function usage(): Promise<number> {
  child.stdin.write('{"cmd":"usage"}\n'); child.stdin.flush();
  while (!pendingLines.includes("\n")) pendingLines += new TextDecoder().decode((await reader.read()).value);
  const [line, ...rest] = pendingLines.split("\n"); pendingLines = rest.join("\n");
  return JSON.parse(line!).cpuUs as number;
}
const conn = await strandDriver({ port } as never).connect();
const size = Number(process.argv[2] ?? 64);
let n = 0;
const h = conn.pump(size, () => { n++; });
await Bun.sleep(500);
const s0 = await usage(); const n0 = n, c0 = process.cpuUsage(), t0 = performance.now();
await Bun.sleep(Number(process.argv[3] ?? 3000));
const dn = n - n0, dt = performance.now() - t0, c = process.cpuUsage(c0); const s1 = await usage();
console.log(`${(dn / dt * 1000 / 1e6).toFixed(2)}M msgs/s client cpu ${((c.user + c.system) / dn * 1000).toFixed(0)} ns/msg (${((c.user + c.system) / 1000 / dt * 100).toFixed(0)}% core) server cpu ${((s1 - s0) / dn * 1000).toFixed(0)} ns/msg (${((s1 - s0) / 1000 / dt * 100).toFixed(0)}% core)`);
h.stop(); await h.done; await conn.close(); child.stdin.end(); await Bun.sleep(300); child.kill(); process.exit(0);
