/**
 * The browser side of browser.test.ts: bundled with `Bun.build({ target: "browser" })` from
 * `strand/web` and generated code only, loaded by headless Chromium, driven through
 * `window.strand` by the test. Every function returns plain data (what puppeteer can carry back).
 */
import { Code, createClient, createWebChannel, RpcError } from "strand/web";
import { Echo } from "../gen/acme/echo/v1/echo.ts";

/** The page's globals (the test workspace compiles without the DOM library). */
const page = globalThis as unknown as { location: { href: string }; document: { title: string }; strand: unknown };

const channel = createWebChannel(new URL("/api", page.location.href.replace(/^http/, "ws")).href, { backoff: { initialMs: 50, maxMs: 200 } });
const echo = createClient(Echo, channel);

async function* notes(n: number) {
  for (let i = 1; i <= n; i++) yield { text: `m${i}`, n: i };
}

/** `{ code, message }` of a failed call, or `{ code: 0 }`. */
async function outcome(call: () => Promise<unknown>): Promise<{ code: number; name?: string; message?: string }> {
  try {
    await call();
    return { code: 0 };
  } catch (e) {
    const error = RpcError.from(e);
    return { code: error.code, name: Code[error.code], message: error.message };
  }
}

const api = {
  async fourKinds() {
    const unary = await echo.say({ text: "hello", n: 1 });
    const counted: number[] = [];
    for await (const m of echo.count({ n: 5 })) counted.push(m.n);
    const sum = await echo.sum(notes(10));
    const chat: string[] = [];
    for await (const m of echo.chat(notes(3))) chat.push(m.text);
    return { unary: unary.text, counted, sum: sum.n, chat };
  },
  deadline: () => outcome(() => echo.say({ text: "slow" }, { timeoutMs: 100 })),
  async cancel() {
    const abort = new AbortController();
    const seen: number[] = [];
    const result = await outcome(async () => {
      for await (const m of echo.count({ n: 1_000_000, text: "forever" }, { signal: abort.signal })) {
        seen.push(m.n);
        if (m.n === 2) abort.abort();
      }
    });
    return { ...result, seen };
  },
  /** The channel's state (`ready`, `connecting`, …): the test waits for the page to see a restart's disconnect. */
  async channelState() {
    return channel.state;
  },
  async afterRestart() {
    const reply = await echo.say({ text: "back" }, { waitForReady: true, timeoutMs: 10_000 });
    return reply.text;
  },
  /** Opens a stream of large messages and reads `take` of them, then stops reading for `pauseMs`. */
  async stall(take: number, pauseMs: number) {
    const it = echo.count({ n: 0, text: "big" })[Symbol.asyncIterator]();
    for (let i = 0; i < take; i++) await it.next();
    await new Promise((r) => setTimeout(r, pauseMs));
    for (let i = 0; i < 20; i++) await it.next();
    await it.return?.();
    return "read again";
  },
  state: () => channel.state,
};

page.strand = api;
page.document.title = "ready";
