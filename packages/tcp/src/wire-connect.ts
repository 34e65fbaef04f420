import type { TLSOptions } from "bun";
import type { Session, WireConfigInput, WireStream } from "@strand/wire";
import { createSocketHandler } from "./socket-handler.ts";
import type { ConnectionData } from "./socket-channel.ts";

/** Where to connect: TCP host and port, or a unix socket path. */
export type DialAddress = { readonly hostname: string; readonly port: number } | { readonly unix: string };

/** Options of {@link connectWire}. */
export interface WireConnectOptions {
  readonly address: DialAddress;
  readonly config?: WireConfigInput;
  /** Bun TLS client options (`ca`, `serverName`, `rejectUnauthorized`, …); plain TCP when absent. */
  readonly tls?: TLSOptions | boolean;
  /** Streams the server opens towards us (rare in RPC; refused when absent). */
  readonly onStream?: (stream: WireStream) => void;
}

/** Connects with `Bun.connect` and returns the client session once the socket is open. */
export async function connectWire(options: WireConnectOptions): Promise<Session> {
  let opened: Session | undefined;
  const handler = createSocketHandler(
    () => ({ role: "client", config: options.config, ...(options.onStream ? { onStream: options.onStream } : {}) }),
    (session) => (opened = session),
  );
  const base = { socket: handler, data: { session: undefined, peer: "" } as ConnectionData, ...(options.tls ? { tls: options.tls } : {}) };
  const address = options.address;
  if ("unix" in address) await Bun.connect<ConnectionData>({ ...base, unix: address.unix });
  else await Bun.connect<ConnectionData>({ ...base, hostname: address.hostname, port: address.port });
  if (opened === undefined) throw new Error("connectWire: socket connected but never opened");
  return opened;
}
