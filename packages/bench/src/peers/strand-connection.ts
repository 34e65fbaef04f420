/**
 * Strand's client side: one `createChannel` (TCP) or `createWebChannel` (WebSocket) per connection
 * — a channel to one address holds one connection — and the generated client, with default
 * options. Bun only.
 */
import { createChannel, createClient, createWebChannel, type Channel, type ChannelOptions, type ClientOptions } from "strand";
import { Bench, type BenchClient, type Payload } from "../gen/bench.ts";
import { AsyncQueue } from "./async-queue.ts";
import type { ChatStream, PeerConnection, PeerDriver, PumpHandle, ServerPorts } from "./peer-connection.ts";

class StrandConnection implements PeerConnection {
  private readonly client: BenchClient;

  constructor(
    private readonly channel: Channel,
    clientOptions: Partial<ClientOptions>,
    private readonly unwatch: () => void,
  ) {
    this.client = createClient(Bench, channel, clientOptions);
  }

  echo(payload: Uint8Array): Promise<Payload> {
    return this.client.echo({ data: payload });
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
    this.unwatch();
    this.channel.close();
  }
}

/** What a channel is shown to while it is open (the instrumented peers' metrics); returns what stops it. */
export type ChannelWatch = (channel: Channel) => () => void;

const unwatched: ChannelWatch = () => () => {};

/** A driver whose every `connect()` is a fresh channel from `open`, established by one echo call. */
function channelDriver(open: () => Channel, clientOptions: Partial<ClientOptions> = {}, watch: ChannelWatch = unwatched): PeerDriver {
  return {
    async connect() {
      const channel = open();
      const connection = new StrandConnection(channel, clientOptions, watch(channel));
      await connection.echo(new Uint8Array(1));
      return connection;
    },
  };
}

/**
 * Strand over TCP: a fresh `createChannel` to the server's port per connection (`options`: S9's
 * compression; `clientOptions` and `watch`: the instrumented peers' interceptors and metrics).
 */
export function strandDriver(ports: ServerPorts, options: ChannelOptions = {}, clientOptions: Partial<ClientOptions> = {}, watch: ChannelWatch = unwatched): PeerDriver {
  return channelDriver(() => createChannel(`127.0.0.1:${ports.port}`, options), clientOptions, watch);
}

/** Strand over WebSocket: a fresh `createWebChannel` to the server's endpoint URL per connection. */
export function strandWebSocketDriver(ports: ServerPorts): PeerDriver {
  const url = ports.url;
  if (url === undefined) throw new Error("the Strand server reported no WebSocket url");
  return channelDriver(() => createWebChannel(url));
}
