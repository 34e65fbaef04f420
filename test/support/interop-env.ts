import { createChannel, createClient, createServer, type Channel, type Client, type ServerOptions } from "strand";
import type { ChannelOptions } from "strand";
import { interopHandlers, ServerProbe } from "./interop-handlers.ts";
import { InteropService } from "./interop-service.ts";
import { listenLocal } from "./listen.ts";

/** A served interop service and a client on a fresh channel; `await using` tears both down. */
export interface InteropEnv extends AsyncDisposable {
  readonly target: string;
  readonly channel: Channel;
  readonly client: Client<typeof InteropService>;
  readonly probe: ServerProbe;
}

/** Starts the interop server on 127.0.0.1:0 and connects a client to it. */
export async function interopEnv(options: { server?: ServerOptions; channel?: ChannelOptions } = {}): Promise<InteropEnv> {
  const probe = new ServerProbe();
  const server = createServer(options.server);
  server.add(InteropService, interopHandlers(probe));
  const target = await listenLocal(server);
  const channel = createChannel(target, options.channel);
  return {
    target,
    channel,
    client: createClient(InteropService, channel),
    probe,
    async [Symbol.asyncDispose]() {
      channel.close();
      await server.close({ force: true });
    },
  };
}
