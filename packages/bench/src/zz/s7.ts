import { strandDriver } from "../peers/strand-connection.ts";
const serverEnv = { ...process.env, BUN_JSC_logGC: process.env.SERVER_GC ?? "0" };
const child = Bun.spawn([process.execPath, new URL("../workers/strand-server.ts", import.meta.url).pathname], { stdin: "pipe", stdout: "pipe", stderr: "inherit", env: serverEnv });
const reader = child.stdout.getReader();
let text = "";
while (!text.includes("\n")) text += new TextDecoder().decode((await reader.read()).value);
const port = JSON.parse(text.split("\n")[0]!).port as number;
const conn = await strandDriver({ port } as never).connect();
const bulkOn = process.argv[2] !== "alone";
let bulkBytes = 0;
const bulk = bulkOn ? conn.pump(1 << 20, (b) => { bulkBytes += b; }) : undefined;
const lat: number[] = [];
const payload = new Uint8Array(64);
const t0 = performance.now();
while (performance.now() - t0 < 3000) {
  const s = performance.now();
  await conn.echo(payload);
  const d = performance.now() - s;
  if (s - t0 > 500) lat.push(d);
}
lat.sort((a, b) => a - b);
const q = (p: number) => (lat[Math.floor(lat.length * p)]! * 1000).toFixed(0);
console.log(`n=${lat.length} p50=${q(0.5)} p90=${q(0.9)} p99=${q(0.99)} p999=${q(0.999)} µs bulk=${(bulkBytes / 3e6).toFixed(0)} MB/s`);
bulk?.stop(); await bulk?.done; await conn.close(); child.kill(); process.exit(0);
