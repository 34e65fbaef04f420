/**
 * The runner binary needs glibc ≥ 2.38 (and a matching libstdc++); Debian 12 has 2.36. Rather than
 * touch the system, Debian 13's `libc6`, `libstdc++6` and `libgcc-s1` are downloaded with apt —
 * a private state directory and a sources file that reuses this system's Debian mirror and keyring
 * with the suite set to `trixie` — unpacked with `dpkg-deb -x` (never installed) into a cache
 * outside the repository, and the runner is started through the unpacked dynamic loader. Machines
 * whose glibc is new enough run the binary directly.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

const PACKAGES = ["libc6", "libstdc++6", "libgcc-s1"];

/** The cache: `$XDG_CACHE_HOME/strand-conformance` or `~/.cache/strand-conformance`. */
export const cacheDir = join(process.env["XDG_CACHE_HOME"] ?? join(homedir(), ".cache"), "strand-conformance");

/** The argv prefix that starts `binary` on this machine: itself, or Debian 13's loader with its libraries. */
export function runnerCommand(binary: string): string[] {
  if (runsDirectly(binary)) return [binary];
  const libs = join(cacheDir, "root", "usr", "lib", "x86_64-linux-gnu");
  const loader = join(libs, "ld-linux-x86-64.so.2");
  if (!existsSync(loader)) fetchLibraries();
  return [loader, "--library-path", libs, binary];
}

function runsDirectly(binary: string): boolean {
  const probe = Bun.spawnSync([binary, "--help"], { stdout: "pipe", stderr: "pipe" });
  return !probe.stderr.toString().includes("not found (required by");
}

/** The system's Debian mirror (deb822 sources), so the download goes where apt already may. */
function debianMirror(): string {
  const sources = "/etc/apt/sources.list.d/debian.sources";
  if (existsSync(sources)) {
    const uri = /^URIs:\s*(\S+)/m.exec(readFileSync(sources, "utf8"))?.[1];
    if (uri !== undefined) return uri;
  }
  const list = existsSync("/etc/apt/sources.list") ? /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+\S+\s+main/m.exec(readFileSync("/etc/apt/sources.list", "utf8"))?.[1] : undefined;
  if (list === undefined) throw new Error("no Debian apt source found in /etc/apt: the conformance runner's libraries are fetched from this system's Debian mirror");
  return list;
}

function fetchLibraries(): void {
  const apt = join(cacheDir, "apt");
  rmSync(apt, { recursive: true, force: true });
  for (const dir of ["state/lists/partial", "cache/archives/partial", "sources", "debs"]) mkdirSync(join(apt, dir), { recursive: true });
  writeFileSync(join(apt, "state", "status"), "");
  writeFileSync(join(apt, "sources", "trixie.sources"), `Types: deb\nURIs: ${debianMirror()}\nSuites: trixie\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n`);
  const options = [
    `Dir::State=${join(apt, "state")}`,
    `Dir::State::status=${join(apt, "state", "status")}`,
    `Dir::Cache=${join(apt, "cache")}`,
    "Dir::Etc::SourceList=/dev/null",
    `Dir::Etc::SourceParts=${join(apt, "sources")}`,
    "APT::Architecture=amd64",
    "APT::Sandbox::User=root",
  ].flatMap((o) => ["-o", o]);
  run(["apt-get", ...options, "update"], apt);
  run(["apt-get", ...options, "download", ...PACKAGES], join(apt, "debs"));
  const root = join(cacheDir, "root");
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  for (const deb of readdirSync(join(apt, "debs")).filter((f) => f.endsWith(".deb"))) run(["dpkg-deb", "-x", join(apt, "debs", deb), root], cacheDir);
}

function run(argv: string[], cwd: string): void {
  const result = Bun.spawnSync(argv, { cwd, stdout: "pipe", stderr: "pipe" });
  if (result.exitCode !== 0) throw new Error(`${argv.slice(0, 2).join(" ")} … failed (${result.exitCode}): ${result.stderr.toString().trim()}`);
}
