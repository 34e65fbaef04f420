/**
 * The chat app on one port: `/` is the page, `/page.js` its script (bundled for the browser at
 * start-up from page.ts), `/api` the Strand API over WebSocket. `bun src/server.ts` serves it on
 * 127.0.0.1:3000 (`HOST`, `PORT` override) and prints the URL.
 */
import type { WebSocketHandler } from "bun";
import { createServer, type WebSocketEndpoint } from "strand";
import { Chat } from "./gen/chat/v1/chat.ts";
import { chatHandlers, type ChatLimits, defaultChatLimits } from "./chat-service.ts";

/** Where to listen, and optionally tighter bounds (tests). */
export interface ChatOptions {
  readonly hostname?: string;
  /** 0 picks a free port. */
  readonly port?: number;
  readonly limits?: ChatLimits;
}

/** A running chat app. */
export interface RunningChat {
  /** The page's URL, e.g. `http://127.0.0.1:3000/`. */
  readonly url: string;
  /** Ends the Join streams (pages see `Unavailable` and rejoin elsewhere), then stops listening. */
  close(): Promise<void>;
}

/** What the API endpoint keeps per WebSocket (Bun's `ws.data`): the server is typed with it. */
type SocketData = WebSocketEndpoint["websocket"] extends WebSocketHandler<infer D> ? D : never;

/** Bundles page.ts for the browser: done once at start-up, served from memory. */
async function bundlePage(): Promise<string> {
  const result = await Bun.build({ entrypoints: [new URL("./page.ts", import.meta.url).pathname], target: "browser", minify: true });
  if (!result.success) throw new Error(`bundling page.ts failed:\n${result.logs.join("\n")}`);
  return result.outputs[0]!.text();
}

/** Starts the page and the API on one `Bun.serve`. */
export async function startChat(options: ChatOptions = {}): Promise<RunningChat> {
  const [script, html] = await Promise.all([bundlePage(), Bun.file(new URL("./index.html", import.meta.url)).text()]);
  const strand = createServer({ gracePeriodMs: 2_000 }).add(Chat, chatHandlers(options.limits ?? defaultChatLimits));

  // The API's origin allow-list needs the port, which port 0 leaves to the OS: listen first with
  // a placeholder, then install the real handlers (Bun swaps them in place on the same socket).
  const http = Bun.serve<SocketData>({ hostname: options.hostname ?? "127.0.0.1", port: options.port ?? 3000, fetch: () => new Response("starting", { status: 503 }) });
  const origin = http.url.origin;
  const api = strand.webSocket({ path: "/api", allowedOrigins: [origin, origin.replace(/\/\/(127\.0\.0\.1|\[::1\])/, "//localhost")] });
  const assets: Record<string, () => Response> = {
    "/": () => new Response(html, { headers: { "content-type": "text/html; charset=utf-8" } }),
    "/page.js": () => new Response(script, { headers: { "content-type": "text/javascript; charset=utf-8" } }),
    // No icon: an empty answer keeps the browser from logging a 404 on every load.
    "/favicon.ico": () => new Response(null, { status: 204 }),
  };
  http.reload({
    fetch(request, server) {
      if (api.handles(request)) return api.fetch(request, server);
      const asset = assets[new URL(request.url).pathname];
      return asset === undefined ? new Response("not found", { status: 404 }) : asset();
    },
    websocket: api.websocket,
  });

  return {
    url: http.url.href,
    async close() {
      await strand.close();
      await http.stop(true);
    },
  };
}

if (import.meta.main) {
  const chat = await startChat({ hostname: process.env["HOST"] ?? "127.0.0.1", port: Number(process.env["PORT"] ?? 3000) });
  console.log(`chat: open ${chat.url} in two browser windows`);
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void chat.close().then(() => process.exit(0)));
}
