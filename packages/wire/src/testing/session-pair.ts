import type { CompressionCodec } from "../compression.ts";
import { messageCompression } from "../message-compression.ts";
import type { WireConfigInput } from "../config.ts";
import { Session } from "../session.ts";
import type { SessionObserver } from "../session-options.ts";
import type { WireStream } from "../stream.ts";
import { createMemoryChannelPair, type MemoryChannel, type MemoryChannelOptions } from "./memory-channel.ts";

/** Options of {@link createSessionPair}. */
export interface SessionPairOptions {
  readonly channel?: MemoryChannelOptions;
  readonly client?: WireConfigInput;
  readonly server?: WireConfigInput;
  /** Server-side stream handler. */
  readonly onStream?: (stream: WireStream) => void;
  /** Both sessions' compression codec (`SessionOptions.codec`, wrapped by `messageCompression`). */
  readonly codec?: CompressionCodec;
  /** Each side's observer of rare events (`SessionOptions.observer`). */
  readonly clientObserver?: SessionObserver;
  readonly serverObserver?: SessionObserver;
}

/** A client and a server session joined by an in-memory channel pair. */
export interface SessionPair {
  readonly client: Session;
  readonly server: Session;
  readonly clientChannel: MemoryChannel;
  readonly serverChannel: MemoryChannel;
}

/** Builds a connected {@link SessionPair}. */
export function createSessionPair(options: SessionPairOptions = {}): SessionPair {
  const [clientChannel, serverChannel] = createMemoryChannelPair(options.channel);
  const codec = options.codec === undefined ? undefined : messageCompression(options.codec);
  const client = new Session(clientChannel, { role: "client", config: options.client, codec, observer: options.clientObserver });
  const server = new Session(serverChannel, { role: "server", config: options.server, onStream: options.onStream, codec, observer: options.serverObserver });
  clientChannel.attach(client);
  serverChannel.attach(server);
  return { client, server, clientChannel, serverChannel };
}
