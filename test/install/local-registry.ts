/**
 * A local npm registry (verdaccio) on a free loopback port, started by the install test itself:
 * Strand's packages are published to it, everything else is proxied from the registry npm is
 * configured with (`npm config get registry`). `strand` and `@strand/*` are never proxied, so an
 * install can only get the packages this checkout published.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A running registry and the npm user config that publishes to it. */
export interface LocalRegistry {
  readonly url: string;
  /** An `.npmrc` naming the registry and a token of a user allowed to publish. */
  readonly npmrc: string;
  close(): Promise<void>;
}

/** A port that was free on 127.0.0.1 a moment ago (verdaccio cannot report a port 0 binding). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** npm's own view of where packages come from and which certificate authorities it trusts there. */
function npmConfig(key: string): string {
  const out = spawnSync("npm", ["config", "get", key], { encoding: "utf8", cwd: tmpdir() }); // outside any workspace
  if (out.status !== 0) throw new Error(`npm config get ${key} failed: ${out.stderr}`);
  const value = out.stdout.trim();
  return value === "null" || value === "undefined" ? "" : value;
}

function upstreamRegistry(): string {
  const url = npmConfig("registry");
  if (!/^https?:\/\//.test(url)) throw new Error(`npm config get registry gave no URL: ${url}`);
  return url;
}

function config(dir: string, upstream: string): string {
  return [
    `storage: ${join(dir, "storage")}`,
    "auth:",
    "  htpasswd:",
    `    file: ${join(dir, "htpasswd")}`,
    "    max_users: 10",
    "uplinks:",
    "  upstream:",
    `    url: ${upstream}`,
    "    timeout: 60s",
    "packages:",
    "  'strand':",
    "    access: $all",
    "    publish: $authenticated",
    "  '@strand/*':",
    "    access: $all",
    "    publish: $authenticated",
    "  '**':",
    "    access: $all",
    "    proxy: upstream",
    "max_body_size: 200mb",
    "log: { type: stdout, format: pretty, level: warn }",
    "",
  ].join("\n");
}

async function waitReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`verdaccio exited with ${child.exitCode}:\n${log()}`);
    try {
      const res = await fetch(`${url}-/ping`);
      if (res.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`verdaccio did not answer on ${url} within 30 s:\n${log()}`);
}

/** Starts verdaccio (the test package's dependency) with its storage under `dir`. */
export async function startRegistry(dir: string, verdaccioBin: string): Promise<LocalRegistry> {
  mkdirSync(dir, { recursive: true });
  const cfg = join(dir, "config.yaml");
  writeFileSync(cfg, config(dir, upstreamRegistry()));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  // The proxy must trust what npm trusts (npm's `cafile`; turbo does not pass NODE_EXTRA_CA_CERTS through).
  const cafile = npmConfig("cafile");
  const env = cafile === "" ? process.env : { ...process.env, NODE_EXTRA_CA_CERTS: cafile };
  const child = spawn("node", [verdaccioBin, "--config", cfg, "--listen", `127.0.0.1:${port}`], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const close = async (): Promise<void> => {
    if (child.exitCode !== null) return;
    const exited = new Promise<void>((r) => child.once("exit", () => r()));
    child.kill("SIGTERM");
    await exited;
  };
  try {
    await waitReady(url, child, () => output);
    const res = await fetch(`${url}-/user/org.couchdb.user:strand-test`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "strand-test", password: "strand-test-password" }),
    });
    const body = (await res.json()) as { token?: string };
    if (!res.ok || body.token === undefined) throw new Error(`could not create a registry user: ${res.status} ${JSON.stringify(body)}`);
    const npmrc = join(dir, ".npmrc");
    writeFileSync(npmrc, `registry=${url}\n//127.0.0.1:${port}/:_authToken=${body.token}\n`);
    return { url, npmrc, close };
  } catch (error) {
    await close();
    throw error;
  }
}
