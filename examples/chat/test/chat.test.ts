/**
 * The chat app in a real browser: headless Chromium (Debian's `chromium`, driven by
 * puppeteer-core, as in test/browser) opens two pages on the app; what one posts the other sees
 * live, an invalid post shows the server's BadRequest field violation, a server restart is
 * survived by rejoining, and page B is photographed — into a temporary directory, or into
 * docs/images/chat-example.png (the README's picture) with `UPDATE_SCREENSHOT=1`.
 */
import { afterAll, beforeAll, expect, setDefaultTimeout, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { startChat, type RunningChat } from "../src/server.ts";

setDefaultTimeout(60_000);

let chat: RunningChat;
let browser: Browser;
let ada: Page;
let grace: Page;

beforeAll(async () => {
  chat = await startChat({ hostname: "127.0.0.1", port: 0 });
  const executablePath = Bun.which("chromium");
  if (executablePath === null) throw new Error("chromium is not installed (.ci/run installs Debian's chromium)");
  browser = await puppeteer.launch({ executablePath, headless: true, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
});

afterAll(async () => {
  await browser?.close();
  await chat?.close();
});

/** A page script (a string: this workspace compiles without the DOM library) true when `selector`'s text includes `text`. */
const shows = (selector: string, text: string) => `[...document.querySelectorAll(${JSON.stringify(selector)})].some((e) => e.textContent.includes(${JSON.stringify(text)}))`;

/**
 * Waits check on a timer: the default (requestAnimationFrame) never runs again in a page that is
 * not in front, and only one of the two pages is.
 */
const poll = { polling: 50 } as const;

/** Opens the app in a new page and joins the lobby as `name`. */
async function joinAs(name: string): Promise<Page> {
  const page = await browser.newPage();
  await page.setViewport({ width: 1000, height: 640 });
  await page.goto(chat.url);
  // The page remembers the last name in localStorage, which the two pages share: replace it.
  await page.evaluate(`document.getElementById("name").value = ""`);
  await page.type("#name", name);
  await page.click("#join button");
  await page.waitForSelector("#status.live");
  return page;
}

/** Types `text` into the composer and sends it with Enter (empty: just Enter). */
async function send(page: Page, text: string): Promise<void> {
  await page.evaluate(`document.getElementById("text").value = ${JSON.stringify(text)}`);
  await page.focus("#text");
  await page.keyboard.press("Enter");
}

test("what one page posts, the other sees live, with who is here", async () => {
  ada = await joinAs("Ada");
  grace = await joinAs("Grace");
  await ada.waitForFunction(shows("#members", "here: Ada, Grace"), poll);
  await send(ada, "Hi Grace! This came to you over a Strand stream.");
  await grace.waitForFunction(shows("#messages li", "Hi Grace! This came to you over a Strand stream."), poll);
  await send(grace, "Live, over one WebSocket: history first, then every new message.");
  await ada.waitForFunction(shows("#messages li", "history first, then every new message"), poll);
  await send(ada, "And a post the server refuses comes back with the field to fix.");
  await grace.waitForFunction(shows("#messages li", "the field to fix"), poll);
  expect(await grace.$$eval("#messages li.mine", (items) => items.length)).toBe(1);
});

test("an invalid post shows the server's BadRequest field violation", async () => {
  await send(ada, "x".repeat(501));
  await ada.waitForFunction(shows("#error", "text: must be at most 500 characters (got 501)"), poll);
  await send(grace, "");
  await grace.waitForFunction(shows("#error", "text: must not be empty"), poll);
});

test("after a server restart on the same port, the pages rejoin and keep chatting", async () => {
  const port = new URL(chat.url).port;
  await chat.close();
  await grace.waitForFunction(shows("#status", "reconnecting"), poll);
  chat = await startChat({ hostname: "127.0.0.1", port: Number(port) });
  await ada.waitForFunction(shows("#members", "here: Ada, Grace"), { ...poll, timeout: 20_000 });
  await grace.waitForFunction(shows("#members", "here: Ada, Grace"), { ...poll, timeout: 20_000 });
  await send(ada, "Still here after a restart.");
  await grace.waitForFunction(shows("#messages li", "Still here after a restart."), poll);
  // Messages the old server had are not lost from the page, and none arrive twice.
  expect(await grace.$$eval("#messages li", (items) => items.length)).toBe(4);
});

test("a screenshot of page B", async () => {
  await send(grace, "");
  await grace.waitForFunction(shows("#error", "text: must not be empty"), poll);
  const update = process.env["UPDATE_SCREENSHOT"] === "1";
  const dir = update ? join(import.meta.dir, "..", "..", "..", "docs", "images") : mkdtempSync(join(tmpdir(), "chat-screenshot-"));
  const path = join(dir, "chat-example.png");
  try {
    await Bun.write(path, await grace.screenshot({ type: "png" }));
    const png = new Uint8Array(await Bun.file(path).arrayBuffer());
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.length).toBeGreaterThan(10_000);
  } finally {
    if (!update) rmSync(dir, { recursive: true, force: true });
  }
});
