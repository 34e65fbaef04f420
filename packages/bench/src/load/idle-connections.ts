/**
 * S6's client half: opens many connections (each established by one call, so the server really
 * holds a session for it) and keeps them idle until told to close them. Node-compatible.
 */
import type { PeerConnection, PeerDriver } from "../peers/peer-connection.ts";

/** Connections opened at once while building the idle set; bounded to spare the accept queue. */
const OPEN_CONCURRENCY = 64;

/** Opens `count` connections through `driver`, at most {@link OPEN_CONCURRENCY} at a time. */
export async function openIdle(driver: PeerDriver, count: number): Promise<PeerConnection[]> {
  const connections: PeerConnection[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      next++;
      connections.push(await driver.connect());
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(OPEN_CONCURRENCY, count) }, worker));
  } catch (error) {
    await closeAll(connections);
    throw error;
  }
  return connections;
}

/** Closes every connection; one failing close does not stop the others. */
export async function closeAll(connections: readonly PeerConnection[]): Promise<void> {
  await Promise.allSettled(connections.map((c) => c.close()));
}
