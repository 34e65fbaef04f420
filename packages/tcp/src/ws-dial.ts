import { Session, type WireConfigInput } from "@strand/wire";
import { WS_SUBPROTOCOL } from "./ws-channel.ts";
import { WebSocketClientChannel } from "./ws-client-channel.ts";

/** Options of {@link dialWebSocket}. */
export interface WebSocketDialOptions {
  readonly url: string;
  readonly config?: WireConfigInput | undefined;
  /** Gives up after this long; a socket that opens later is closed. Milliseconds. */
  readonly timeoutMs?: number | undefined;
  /**
   * Extra arguments of the `WebSocket` constructor where the platform has them (Bun: `headers`,
   * `tls` — e.g. `{ ca }` for a private CA); browsers take only the URL and subprotocols.
   */
  readonly socketOptions?: Record<string, unknown> | undefined;
}

/**
 * Opens a WebSocket to `url` with the `strand` subprotocol and resolves with the client session
 * once it is open; rejects — with the reason — when it fails, closes first, or times out.
 */
export function dialWebSocket(options: WebSocketDialOptions): Promise<Session> {
  return new Promise<Session>((resolve, reject) => {
    let settled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ws = options.socketOptions === undefined
      ? new WebSocket(options.url, [WS_SUBPROTOCOL])
      : new (WebSocket as unknown as new (url: string, init: Record<string, unknown>) => WebSocket)(options.url, { ...options.socketOptions, protocols: [WS_SUBPROTOCOL] });
    ws.binaryType = "arraybuffer";
    const channel = new WebSocketClientChannel(ws, new URL(options.url).host);
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(error);
    };
    if (options.timeoutMs !== undefined) {
      timer = setTimeout(() => {
        fail(new Error(`connect timed out after ${options.timeoutMs} ms`));
        ws.close();
      }, options.timeoutMs);
      (timer as { unref?: () => void }).unref?.();
    }
    ws.onopen = () => {
      if (settled) return ws.close();
      if (ws.protocol !== WS_SUBPROTOCOL) {
        fail(new Error(`${options.url} did not accept the "${WS_SUBPROTOCOL}" subprotocol (it is not a Strand endpoint)`));
        return ws.close();
      }
      settled = true;
      clearTimeout(timer);
      const session = new Session(channel, { role: "client", config: options.config });
      channel.bind(session);
      resolve(session);
    };
    ws.onmessage = (event: MessageEvent) => {
      const data = event.data;
      if (data instanceof ArrayBuffer) channel.session?.receive(new Uint8Array(data));
      else channel.session?.close();
    };
    ws.onerror = () => fail(new Error(`WebSocket connection to ${options.url} failed`));
    ws.onclose = (event: CloseEvent) => {
      channel.closedByPeer();
      fail(new Error(`WebSocket to ${options.url} closed before it opened (${event.code}${event.reason === "" ? "" : `: ${event.reason}`})`));
      channel.session?.channelClosed();
    };
  });
}
