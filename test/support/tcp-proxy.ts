import type { Socket, TCPSocketListener } from "bun";

interface Pair {
  client: Socket<PairData>;
  upstream: Socket<PairData> | undefined;
  /** Bytes from the client that arrived before the upstream connection was open. */
  early: Uint8Array[];
}
interface PairData {
  pair: Pair | undefined;
  /** Bytes `write` did not take yet (Bun writes may be partial); flushed on drain. */
  backlog: Uint8Array[];
}

/** Writes `chunk` after anything already waiting, keeping the unwritten tail for `flush`. */
function relay(socket: Socket<PairData>, chunk: Uint8Array): void {
  socket.data.backlog.push(chunk.slice());
  flush(socket);
}

function flush(socket: Socket<PairData>): void {
  const backlog = socket.data.backlog;
  while (backlog.length > 0) {
    const head = backlog[0]!;
    const written = socket.write(head);
    if (written < head.length) {
      backlog[0] = head.subarray(Math.max(written, 0));
      return;
    }
    backlog.shift();
  }
}

/**
 * A loopback TCP relay between a channel and a server, so a test can cut the network under a
 * live connection: `cut()` closes both sockets of every relayed connection abruptly, as a dead
 * link or a crashed peer would look to each side (neither sends GOAWAY).
 */
export class TcpProxy implements Disposable {
  private readonly listener: TCPSocketListener<PairData>;
  private readonly pairs = new Set<Pair>();

  /**
   * `tap` sees every chunk the server sends to a client, in order (tests that check frame order);
   * `tapUp` every chunk a client sends to the server.
   */
  constructor(upstreamPort: number, tap?: (chunk: Uint8Array) => void, tapUp?: (chunk: Uint8Array) => void) {
    const pairs = this.pairs;
    this.listener = Bun.listen<PairData>({
      hostname: "127.0.0.1",
      port: 0,
      data: { pair: undefined, backlog: [] },
      socket: {
        binaryType: "uint8array",
        open(client) {
          const pair: Pair = { client, upstream: undefined, early: [] };
          client.data = { pair, backlog: [] };
          pairs.add(pair);
          void Bun.connect<PairData>({
            hostname: "127.0.0.1",
            port: upstreamPort,
            data: { pair, backlog: [] },
            socket: {
              binaryType: "uint8array",
              open(upstream) {
                upstream.data = { pair, backlog: [] };
                pair.upstream = upstream;
                for (const chunk of pair.early.splice(0)) relay(upstream, chunk);
              },
              data(_upstream, chunk) {
                tap?.(chunk);
                relay(pair.client, chunk);
              },
              drain(upstream) {
                flush(upstream);
              },
              close() {
                pair.client.end();
              },
            },
          }).catch(() => client.end());
        },
        data(client, chunk) {
          tapUp?.(chunk);
          const pair = client.data.pair!;
          if (pair.upstream === undefined) pair.early.push(chunk.slice());
          else relay(pair.upstream, chunk);
        },
        drain(client) {
          flush(client);
        },
        close(client) {
          const pair = client.data.pair;
          if (pair === undefined) return;
          pairs.delete(pair);
          pair.upstream?.end();
        },
      },
    });
  }

  /** The `host:port` target channels dial to go through the relay. */
  get target(): string {
    return `127.0.0.1:${String(this.listener.port)}`;
  }

  /** Relayed connections currently open. */
  get connections(): number {
    return this.pairs.size;
  }

  /** Severs every relayed connection at once (RST, no GOAWAY on either side). */
  cut(): void {
    for (const pair of [...this.pairs]) {
      pair.client.terminate();
      pair.upstream?.terminate();
    }
    this.pairs.clear();
  }

  [Symbol.dispose](): void {
    this.cut();
    this.listener.stop(true);
  }
}
