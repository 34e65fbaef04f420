/** Parsing of the one argument every client worker takes: its server's ports as JSON. Node-compatible. */
import type { ServerPorts } from "../peers/peer-connection.ts";

/** Parses `{"port":…, "pumpPort":…, "url":…}`; throws on anything else, since only the orchestrator calls us. */
export function parsePorts(arg: string | undefined): ServerPorts {
  const value: unknown = JSON.parse(arg ?? "null");
  if (typeof value !== "object" || value === null || typeof (value as { port?: unknown }).port !== "number") {
    throw new Error(`expected server ports as JSON, got ${String(arg)}`);
  }
  const { port, pumpPort, url } = value as { port: number; pumpPort?: unknown; url?: unknown };
  return { port, ...(typeof pumpPort === "number" ? { pumpPort } : {}), ...(typeof url === "string" ? { url } : {}) };
}
