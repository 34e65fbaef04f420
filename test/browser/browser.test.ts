/**
 * The browser client in a real browser: headless Chromium (Debian's `chromium`, driven by
 * puppeteer-core) loads a page served by Bun whose script — `strand/web` and generated code,
 * bundled for the browser — calls a Strand server over WebSocket on the same port: the four call
 * kinds, a deadline, a cancellation, a server restart with reconnect, and a page that stops
 * reading a stream without the server's memory following. Also: the bundle's size.
 */
import { afterAll, beforeAll, expect, setDefaultTimeout, test } from "bun:test";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { Code, createServer, type Server } from "strand";
import { Echo } from "../gen/acme/echo/v1/echo.ts";

setDefaultTimeout(30_000);

/** Messages the "big" stream has produced so far (the slow-reader check reads it). */
let sent = 0;

async function bundlePage(): Promise<string> {
  const result = await Bun.build({ entrypoints: [new URL("./page.ts", import.meta.url).pathname], target: "browser", minify: true });
  if (!result.success) throw new Error(`bundle failed: ${result.logs.join("\n")}`);
  return result.outputs[0]!.text();
}

/** A Strand server with the Echo service, mounted at /api of a Bun.serve that also serves the page. */
function start(port: number, script: string): { server: Server; http: ReturnType<typeof Bun.serve> } {
  const server = createServer().add(Echo, {
    async say(note) {
      if (note.text === "slow") await Bun.sleep(5_000);
      return { text: note.text, n: note.n };
    },
    async *count(note, ctx) {
      const big = note.text === "big" ? "x".repeat(64 * 1024) : "";
      for (let i = 0; (note.n === 0 || i < note.n) && !ctx.signal.aborted; i++) {
        yield { text: big, n: i };
        if (big !== "") sent++;
        if (note.text === "forever") await Bun.sleep(10);
      }
    },
    async sum(notes) {
      let n = 0;
      for await (const note of notes) n += note.n;
      return { text: "", n };
    },
    async *chat(notes) {
      for await (const note of notes) yield { text: note.text.toUpperCase(), n: note.n };
    },
  });
  const api = server.webSocket({ path: "/api" });
  const http = Bun.serve({
    hostname: "127.0.0.1",
    port,
    fetch(req, s) {
      if (api.handles(req)) return api.fetch(req, s);
      const path = new URL(req.url).pathname;
      if (path === "/page.js") return new Response(script, { headers: { "content-type": "text/javascript" } });
      return new Response('<!doctype html><title>loading</title><script type="module" src="/page.js"></script>', { headers: { "content-type": "text/html" } });
    },
    websocket: api.websocket,
  });
  return { server, http };
}

let script = "";
let browser: Browser;
let page: Page;
let running: ReturnType<typeof start>;

beforeAll(async () => {
  script = await bundlePage();
  running = start(0, script);
  const executablePath = Bun.which("chromium");
  if (executablePath === null) throw new Error("chromium is not installed (.ci/run installs Debian's chromium)");
  browser = await puppeteer.launch({ executablePath, headless: true, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
  page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${running.http.port}/`);
  await page.waitForFunction(() => (globalThis as unknown as { document: { title: string } }).document.title === "ready");
});

afterAll(async () => {
  await browser?.close();
  running.http.stop(true);
  await running.server.close({ force: true });
});

type Api = {
  fourKinds(): Promise<{ unary: string; counted: number[]; sum: number; chat: string[] }>;
  deadline(): Promise<{ code: number }>;
  cancel(): Promise<{ code: number; seen: number[] }>;
  channelState(): Promise<string>;
  afterRestart(): Promise<string>;
  stall(take: number, pauseMs: number): Promise<string>;
};
const call = <K extends keyof Api>(name: K, ...args: Parameters<Api[K]>): Promise<Awaited<ReturnType<Api[K]>>> =>
  page.evaluate((n, a) => ((globalThis as unknown as { strand: Record<string, (...x: unknown[]) => unknown> }).strand[n]!(...a)), name, args) as Promise<Awaited<ReturnType<Api[K]>>>;

// Issue 16 asks for 30 KiB; at 41.5 KiB today (of the minified bytes: wire 50 %, message runtime
// 24 % — a third of it the JSON methods every generated type carries —, rpc 16 %, tcp 9 %), so
// this guards against growth while the target stays open. Raised from 40 KiB by issue 20's
// stream index (+0.4 KiB gzipped; a Map cost 4–8 % of a unary call's CPU on each side), and from
// 41 KiB by its third round (+1.1 KiB: the one-frame unary answer, WITH_TRAILERS, and the state
// that keeps call and stream objects in smaller heap cells, made on first use instead).
test("the browser client runtime with one generated service: its minified, gzipped size is reported and stays under 42 KiB", () => {
  const gzipped = Bun.gzipSync(new TextEncoder().encode(script)).length;
  console.log(`browser bundle (strand/web + the Echo service): ${(script.length / 1024).toFixed(1)} KiB minified, ${(gzipped / 1024).toFixed(1)} KiB gzipped`);
  expect(gzipped).toBeLessThan(42 * 1024);
});

test("all four call kinds from a page", async () => {
  expect(await call("fourKinds")).toEqual({ unary: "hello", counted: [0, 1, 2, 3, 4], sum: 55, chat: ["M1", "M2", "M3"] });
  expect(running.server.connections).toBe(1);
});

test("a deadline and a cancellation end calls with their codes", async () => {
  expect((await call("deadline")).code).toBe(Code.DeadlineExceeded);
  const cancelled = await call("cancel");
  expect(cancelled.code).toBe(Code.Canceled);
  expect(cancelled.seen).toEqual([0, 1, 2]);
});

test("a page that stops reading holds the server to the stream window", async () => {
  sent = 0;
  const stalled = call("stall", 1, 600);
  await Bun.sleep(400);
  // 64 KiB messages: a handful fit the stream's window; without flow control it would be hundreds.
  expect(sent).toBeLessThan(24);
  expect(await stalled).toBe("read again");
});

test("after a server restart on the same port the page's channel reconnects", async () => {
  const port = running.http.port!;
  running.http.stop(true);
  await running.server.close({ force: true });
  // The page learns of the close asynchronously: a call it started before then would go out on the
  // dead socket and fail (sent, so not retried). Restart once the page has seen the disconnect.
  const deadline = Date.now() + 10_000;
  while ((await call("channelState")) === "ready" && Date.now() < deadline) await Bun.sleep(10);
  running = start(port, script);
  expect(await call("afterRestart")).toBe("back");
});
