import type { WireConfigInput, WireStream } from "@strand/wire";
import { listenWire, type WireListener } from "../src/index.ts";

/** Echoes each message back, then ends with empty trailers. */
export function echo(stream: WireStream): void {
  void (async () => {
    stream.respond(await stream.headers());
    for await (const message of stream) await stream.send(message);
    stream.end(new Uint8Array(0));
  })().catch(() => {});
}

/** An echo server on a free loopback port. */
export function echoServer(config?: WireConfigInput, onStream: (s: WireStream) => void = echo): WireListener {
  return listenWire({ address: { hostname: "127.0.0.1", port: 0 }, config, onStream });
}
