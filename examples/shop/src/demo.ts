/**
 * `npm run demo`: starts the four shop services as separate Bun processes on loopback, runs the
 * scenario (scenario.ts) and shuts every process down gracefully. Exits non-zero if anything
 * went differently than narrated.
 */
import { startService, type ServiceProcess } from "./processes.ts";
import { consoleReporter } from "./reporter.ts";
import { runScenario } from "./scenario.ts";

const started: ServiceProcess[] = [];
const report = consoleReporter();
let status = 0;
try {
  console.log("Strand shop demo — four microservices talking over Strand on 127.0.0.1\n");
  const catalog = await startService("catalog");
  const inventory = await startService("inventory");
  started.push(catalog, inventory);
  const orders = await startService("orders", { CATALOG: catalog.address, INVENTORY: inventory.address });
  const support = await startService("support");
  started.push(orders, support);
  for (const s of started) {
    console.log(`  ${s.name.padEnd(10)} listening on ${s.address.padEnd(16)} (Bun process ${s.pid})`);
    s.onLog = (line) => report.note(line);
  }
  const settle = (): Promise<void> => Bun.sleep(100); // lets server log lines arrive under their step
  await runScenario({ catalog: catalog.address, inventory: inventory.address, orders: orders.address, support: support.address }, report, settle);
} catch (error) {
  console.error(`\ndemo failed: ${error instanceof Error ? error.stack : String(error)}`);
  status = 1;
} finally {
  console.log("\nShutting down (GOAWAY, in-flight calls finish)…");
  for (const s of started) s.onLog = undefined;
  const codes = await Promise.all(started.map((s) => s.stop()));
  started.forEach((s, i) => console.log(`  ${s.name.padEnd(10)} exited with ${codes[i]}`));
  if (codes.some((c) => c !== 0)) status = 1;
}
process.exit(status);
