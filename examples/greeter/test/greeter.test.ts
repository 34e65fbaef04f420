import { expect, test } from "bun:test";

const src = new URL("../src/", import.meta.url).pathname;

/** Runs the README tutorial for real: the server process, then the client process against it. */
test("the tutorial's server and client, as two processes", async () => {
  const server = Bun.spawn([process.execPath, `${src}server.ts`], { env: { ...process.env, PORT: "0" }, stdout: "pipe", stderr: "inherit" });
  try {
    const reader = server.stdout.getReader();
    let banner = "";
    while (!banner.includes("\n")) {
      const { value, done } = await reader.read();
      if (done) throw new Error("server exited early");
      banner += new TextDecoder().decode(value);
    }
    const address = /listening on (\S+)/.exec(banner)?.[1];
    expect(address).toMatch(/^127\.0\.0\.1:\d+$/);
    const client = Bun.spawn([process.execPath, `${src}client.ts`], { env: { ...process.env, GREETER: address! }, stdout: "pipe", stderr: "pipe" });
    const [out, code] = await Promise.all([new Response(client.stdout).text(), client.exited]);
    expect(code).toBe(0);
    expect(out.trim().split("\n")).toEqual(["Hello, Ada!", "Hello, Ada!", "Bonjour, Ada!", "Hallo, Ada!", "too late: deadline exceeded"]);
  } finally {
    server.kill("SIGTERM");
    expect(await server.exited).toBe(0);
  }
});
