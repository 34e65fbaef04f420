/**
 * Strand's client side: one `createChannel` (TCP) or `createWebChannel` (WebSocket) per connection
 * — a channel to one address holds one connection — and the generated client, with default
 * options. Bun only.
 */
import { createChannel, createClient, createWebChannel, type Channel } from "strand";
import { Bench, type BenchClient, type Payload } from "../gen/bench.ts";
import { AsyncQueue } from "./async-queue.ts";
import type { ChatStream, PeerConnection, PeerDriver, PumpHandle, ServerPorts } from "./peer-connection.ts";

class StrandConnection implements PeerConnection {
  private readonly client: BenchClient;

  constructor(private readonly channel: Channel) {
    this.client = createClient(Bench, channel);
  }

  async echo(payload: Uint8Array): Promise<void> {
    await this.client.echo({ data: payload });
  }

  pump(size: number, onMessage: (bytes: number) => void): PumpHandle {
    const abort = new AbortController();
    const done = (async () => {
      try {
        for await (const message of this.client.pump({ size, count: 0 }, { signal: abort.signal })) onMessage(message.data.length);
      } catch (error) {
        if (!abort.signal.aborted) throw error;
      }
    })();
    return { stop: () => abort.abort(), done };
  }

  chat(): ChatStream {
    const requests = new AsyncQueue<Payload>();
    const responses = this.client.chat(requests)[Symbol.asyncIterator]();
    return {
      async roundTrip(payload) {
        requests.push({ data: payload });
        const next = await responses.next();
        if (next.done === true) throw new Error("chat stream ended early");
      },
      async close() {
        requests.end();
        while ((await responses.next()).done !== true);
      },
    };
  }

  async close(): Promise<void> {
    this.channel.close();
  }
}

/** A driver whose every `connect()` is a fresh channel from `open`, established by one echo call. */
function channelDriver(open: () => Channel): PeerDriver {
  return {
    async connect() {
      const connection = new StrandConnection(open());
      await connection.echo(new Uint8Array(1));
      return connection;
    },
  };
}

/** Strand over TCP: a fresh `createChannel` to the server's port per connection. */
export function strandDriver(ports: ServerPorts): PeerDriver {
  return channelDriver(() => createChannel(`127.0.0.1:${ports.port}`));
}

/** Strand over WebSocket: a fresh `createWebChannel` to the server's endpoint URL per connection. */
export function strandWebSocketDriver(ports: ServerPorts): PeerDriver {
  const url = ports.url;
  if (url === undefined) throw new Error("the Strand server reported no WebSocket url");
  return channelDriver(() => createWebChannel(url));
}
