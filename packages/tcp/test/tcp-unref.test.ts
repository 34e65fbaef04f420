import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { TestService } from "@strand/rpc/testing";
import { createServer } from "../src/index.ts";

const fixture = join(import.meta.dir, "fixtures", "forgotten-close.ts");

/**
 * Runs the fixture and reports whether it exited by itself within `boundMs` (a liveness check:
 * a process still running then is killed and reported as alive; nothing is asserted on time).
 */
async function run(args: string[], boundMs: number): Promise<{ exited: boolean; code: number | null; stdout: string; stderr: string }> {
  const proc = Bun.spawn([process.execPath, fixture, ...args], { stdout: "pipe", stderr: "pipe" });
  const stdout = new Response(proc.stdout).text();
  const stderr = new Response(proc.stderr).text();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const exited = await Promise.race([proc.exited.then(() => true), new Promise<false>((r) => (timer = setTimeout(() => r(false), boundMs)))]);
  clearTimeout(timer);
  if (!exited) proc.kill();
  await proc.exited;
  return { exited, code: exited ? proc.exitCode : null, stdout: await stdout, stderr: await stderr };
}

describe("unref: a forgotten close() does not keep the process alive", () => {
  test("a channel with unref: true exits once its call is done; without it the process stays", async () => {
    // The server answers after a pause, so the unref'd client must stay alive for its call in flight.
    await using server = createServer().add(TestService, {
      async echo(req) {
        await Bun.sleep(300);
        return { ...req, text: `echo ${req.text}` };
      },
    });
    const { port } = await server.listen({ hostname: "127.0.0.1", port: 0 });
    const target = `127.0.0.1:${port!}`;
    const unref = await run(["client", target, "true"], 20_000);
    expect(unref.stderr).toBe("");
    expect(unref.stdout).toBe("echo hi\n");
    expect(unref.exited).toBe(true);
    expect(unref.code).toBe(0);

    const control = await run(["client", target, "false"], 3_000);
    expect(control.stdout).toBe("echo hi\n");
    expect(control.exited).toBe(false);
  }, 30_000);

  test("a server and a channel with unref: true in one script let it exit; without, it stays", async () => {
    const unref = await run(["both", "true"], 20_000);
    expect(unref.stderr).toBe("");
    expect(unref.stdout).toBe("echo hi\n");
    expect(unref.exited).toBe(true);
    expect(unref.code).toBe(0);

    const control = await run(["both", "false"], 3_000);
    expect(control.stdout).toBe("echo hi\n");
    expect(control.exited).toBe(false);
  }, 30_000);
});
