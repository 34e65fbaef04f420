/**
 * The channel a client subcommand talks through, made from its flags: a TCP, TLS or unix-socket
 * target, certificates read from the files given, a connect timeout. `strand` (the runtime) is
 * loaded here, on first use, so that `strand generate` never needs it.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Channel, ChannelOptions } from "strand";
import { CodegenError } from "../diagnostic.ts";
import type { ClientArgs } from "./client-args.ts";

/** The runtime package, loaded once. */
export type Runtime = typeof import("strand");

/** Loads `strand`; a clear one-line error when the project does not have it. */
export async function loadRuntime(): Promise<Runtime> {
  try {
    return await import("strand");
  } catch (error) {
    throw new CodegenError("io", `this command needs the strand package (npm install strand): ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** A channel to `target` with the TLS flags of `args`; files are read relative to `cwd`. */
export function openChannel(runtime: Runtime, target: string, args: ClientArgs, cwd: string): Channel {
  const options: { -readonly [K in keyof ChannelOptions]: ChannelOptions[K] } = {
    // One attempt per call: a probe reports a refused connection at once instead of retrying.
    backoff: { initialMs: 60_000, maxMs: 60_000, ...(args.connectTimeoutMs !== undefined ? { minConnectTimeoutMs: args.connectTimeoutMs } : {}) },
  };
  const tls = args.tls;
  if (tls !== undefined) {
    const read = (flag: string, file: string): string => {
      try {
        return readFileSync(resolve(cwd, file), "utf8");
      } catch (error) {
        throw new CodegenError("usage", `${flag} ${file}: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    options.tls = {
      ...(tls.cacert !== undefined ? { ca: read("--cacert", tls.cacert) } : {}),
      ...(tls.cert !== undefined ? { cert: read("--cert", tls.cert) } : {}),
      ...(tls.key !== undefined ? { key: read("--key", tls.key) } : {}),
      ...(tls.serverName !== undefined ? { serverName: tls.serverName } : {}),
      ...(tls.insecure ? { rejectUnauthorized: false } : {}),
    };
  }
  try {
    return runtime.createChannel(target, options);
  } catch (error) {
    throw new CodegenError("usage", error instanceof Error ? error.message : String(error));
  }
}
