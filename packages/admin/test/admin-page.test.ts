/**
 * The live page in a real browser: headless Chromium (Debian's `chromium`, driven by
 * puppeteer-core, as in test/browser) loads `/` of an admin endpoint whose server has a call held
 * open, two connections and a failure; the page must render them from its own polling, show the
 * status change when the server stops serving, and is photographed — into a temporary directory,
 * or into docs/images/admin-page.png (the README's picture) with `UPDATE_SCREENSHOT=1`.
 */
import { afterAll, beforeAll, expect, setDefaultTimeout, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { oversize, startLiveServer, type LiveServer } from "./live-server.ts";

setDefaultTimeout(60_000);

let live: LiveServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  live = await startLiveServer();
  const [a, b] = live.clients;
  void a!.echo({ text: "hold" }, { timeoutMs: 120_000 }).catch(() => {});
  await oversize(b!); // first on its connection: see oversize
  await b!.post({ text: "x" }).catch(() => {});
  const executablePath = Bun.which("chromium");
  if (executablePath === null) throw new Error("chromium is not installed (.ci/run installs Debian's chromium)");
  browser = await puppeteer.launch({ executablePath, headless: true, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
  page = await browser.newPage();
  await page.setViewport({ width: 1440, height: 760 });
});

afterAll(async () => {
  await browser?.close();
  await live?.close();
});

/** A page script (a string: this workspace compiles without the DOM library) true when a row of `table` includes `text`. */
const shows = (table: string, text: string) => `[...document.querySelectorAll("#${table} tbody tr")].some((e) => e.textContent.includes(${JSON.stringify(text)}))`;

/** Waits check on a timer: requestAnimationFrame polling stalls in background pages. */
const poll = { polling: 50 } as const;

test("the page renders the held call, both connections, the listener and the failure", async () => {
  await page.goto(live.admin.url);
  await page.waitForFunction(shows("calls", "strand.test.v1.Test/Echo"), poll);
  await page.waitForFunction(`document.querySelectorAll("#connections tbody tr:not(.empty)").length === 2`, poll);
  expect(await page.$eval("#status", (e) => e.textContent)).toBe("SERVING");
  const rows = await page.$$eval("#connections tbody tr", (trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent)));
  for (const row of rows) {
    expect(row[0]).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(row[3]).toBe("open");
  }
  expect(rows.map((r) => r[4]).sort()).toEqual(["0", "1"]);
  for (const row of rows) expect([row[6], row[7]]).toEqual([expect.stringMatching(/^[\d.]+ (B|KiB|MiB)$/), expect.stringMatching(/^[\d.]+ (B|KiB|MiB)$/)]);
  expect(rows.map((r) => r[14]).sort()).toEqual([expect.stringMatching(/^MessageTooLarge \(ours, .* ago\): message of \d+ bytes exceeds the limit of 65536$/), "–"]);
  const call = await page.$$eval("#calls tbody tr td", (tds) => tds.map((td) => td.textContent));
  expect(call[0]).toBe("strand.test.v1.Test/Echo");
  expect(call[3]).toMatch(/^in \d/);
  expect(await page.evaluate(shows("listeners", `127.0.0.1:`))).toBe(true);
  expect(await page.evaluate(shows("failures", "NotFound"))).toBe(true);
  expect(await page.evaluate(shows("failures", "no such ledger: 42"))).toBe(true);
});

test("a screenshot of the page", async () => {
  const update = process.env["UPDATE_SCREENSHOT"] === "1";
  const dir = update ? join(import.meta.dir, "..", "..", "..", "docs", "images") : mkdtempSync(join(tmpdir(), "admin-screenshot-"));
  const path = join(dir, "admin-page.png");
  try {
    await Bun.write(path, await page.screenshot({ type: "png" }));
    const png = new Uint8Array(await Bun.file(path).arrayBuffer());
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.length).toBeGreaterThan(10_000);
  } finally {
    if (!update) rmSync(dir, { recursive: true, force: true });
  }
});

test("the status pill follows the health status", async () => {
  live.server.health.set("", "NOT_SERVING");
  await page.waitForFunction(`document.getElementById("status").textContent === "NOT_SERVING"`, poll);
  live.server.health.set("", "SERVING");
  await page.waitForFunction(`document.getElementById("status").textContent === "SERVING"`, poll);
});
