/**
 * `strand health <target> [service]`: one `grpc.health.v1.Health/Check`, with
 * `grpc_health_probe`'s exit codes so that Kubernetes exec probes and existing scripts work
 * unchanged, and a one-line reason on stderr whenever the answer is not "serving".
 */
import type { Metadata } from "strand";
import { CodegenError } from "../diagnostic.ts";
import type { ClientArgs } from "./client-args.ts";
import { loadRuntime, openChannel, type Runtime } from "./client-channel.ts";
import type { CliIo } from "../cli.ts";
import { connectFailure } from "./client-context.ts";

/** `grpc_health_probe`'s exit codes. */
export const HealthExit = {
  Serving: 0,
  BadArguments: 1,
  ConnectionFailure: 2,
  RpcFailure: 3,
  Unhealthy: 4,
} as const;

/** Default `--timeout` and `--connect-timeout`: grpc_health_probe's one second each. */
const DEFAULT_TIMEOUT_MS = 1000;

/** `strand health --help`. */
export const HEALTH_HELP = `strand health — check a server's health (grpc.health.v1.Health/Check)

Usage:
  strand health TARGET [SERVICE] [options]

Arguments:
  TARGET                  host:port, [ipv6]:port or unix:/path
  SERVICE                 a service name such as acme.ledger.v1.Ledger (default: the whole server)

Options:
  --timeout DURATION      deadline of the check (default 1s); 500ms, 2s, 1m
  --connect-timeout DUR   how long connecting may take (default 1s)
  --tls                   connect with TLS (system CAs unless --cacert)
  --cacert FILE           CA certificates (PEM) the server's certificate must chain to
  --cert FILE --key FILE  a client certificate and its key (mTLS)
  --server-name NAME      the name the server's certificate must carry (default: TARGET's host)
  --insecure              TLS without verifying the server's certificate
  -H 'name: value'        request metadata; repeatable (names ending in -bin take base64)
  -h, --help              this text

Exit status (grpc_health_probe's): 0 SERVING, 1 bad arguments, 2 connection failure,
3 RPC failure (including a server without the health service), 4 not serving.
`;

/** Runs the check; resolves to the exit code. */
export async function runHealth(args: ClientArgs, io: CliIo): Promise<number> {
  if (args.help) {
    io.stdout(HEALTH_HELP);
    return HealthExit.Serving;
  }
  const [target, service = "", ...extra] = args.positionals;
  if (target === undefined || extra.length > 0 || args.data !== undefined || args.protoFiles.length > 0) {
    io.stderr(`strand health: expected TARGET [SERVICE] and no -d/--proto (try: strand health --help)\n`);
    return HealthExit.BadArguments;
  }
  let runtime: Runtime;
  let channel;
  let metadata: Metadata;
  try {
    runtime = await loadRuntime();
    channel = openChannel(runtime, target, { ...args, connectTimeoutMs: args.connectTimeoutMs ?? DEFAULT_TIMEOUT_MS }, io.cwd);
    metadata = metadataOf(runtime, args.headers);
  } catch (error) {
    io.stderr(`strand health: ${CodegenError.from(error).message}\n`);
    return HealthExit.BadArguments;
  }
  const { Health, ServingStatus } = await import("strand/health");
  const name = service === "" ? "the server" : service;
  try {
    const reply = await runtime.createClient(Health, channel).check({ service }, { timeoutMs: args.timeoutMs ?? DEFAULT_TIMEOUT_MS, metadata });
    if (reply.status === ServingStatus.SERVING) {
      io.stdout(`${target}: ${name} is SERVING\n`);
      return HealthExit.Serving;
    }
    io.stderr(`strand health: ${name} at ${target} is ${ServingStatus[reply.status] ?? String(reply.status)}\n`);
    return HealthExit.Unhealthy;
  } catch (error) {
    const e = runtime.RpcError.from(error);
    // A call that never reached a ready connection is a connection failure, whatever ended it.
    const connected = channel.state === "ready";
    const code = runtime.codeName(e.code);
    if (!connected && (e.code === runtime.Code.Unavailable || e.code === runtime.Code.DeadlineExceeded)) {
      io.stderr(`strand health: ${connectFailure(target, e.message)}\n`);
      return HealthExit.ConnectionFailure;
    }
    io.stderr(`strand health: the check of ${name} failed: ${code}: ${e.message}\n`);
    return HealthExit.RpcFailure;
  } finally {
    channel.close();
  }
}

/** `-H` pairs as metadata; `-bin` values are base64. */
export function metadataOf(runtime: Runtime, headers: ClientArgs["headers"]): Metadata {
  const metadata = new runtime.Metadata();
  for (const [name, value] of headers) {
    if (name.endsWith("-bin")) {
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value)) throw new CodegenError("usage", `-H ${name}: a -bin value must be base64, got ${JSON.stringify(value)}`);
      metadata.append(name, Uint8Array.from(atob(value), (c) => c.charCodeAt(0)));
    } else metadata.append(name, value);
  }
  return metadata;
}
