/**
 * What `strand list`, `describe` and `call` share: the channel and metadata made from the flags,
 * the schema (reflection, or `--proto`/`-I` files), and one mapping from failures to a message on
 * stderr and an exit code, documented in `CALL_HELP`.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { CallOptions, Channel, DetailRegistry, Metadata } from "strand";
import { CodegenError } from "../diagnostic.ts";
import type { Model } from "../model.ts";
import { modelOfPaths } from "../produce.ts";
import type { CliIo } from "../cli.ts";
import type { ClientArgs } from "./client-args.ts";
import { loadRuntime, openChannel, type Runtime } from "./client-channel.ts";
import { metadataOf } from "./health-command.ts";
import { type OutputStyle, paint } from "./output.ts";
import { ReflectionClient } from "./reflection-client.ts";

/** Exit codes of `list`, `describe` and `call`; an RPC that ends with status code `c` exits `64 + c`. */
export const ClientExit = { Ok: 0, BadArguments: 1, ConnectionFailure: 2, RpcBase: 64 } as const;

/** An open client: everything a subcommand needs to talk to `target`. */
export interface ClientContext {
  readonly runtime: Runtime;
  readonly channel: Channel;
  readonly target: string;
  readonly metadata: Metadata;
  /** Deadline (from `--timeout`) and metadata for every call the command makes. */
  readonly callOptions: CallOptions;
  readonly style: OutputStyle;
}

/** Opens the channel; flag errors become `usage` errors. */
export async function openClient(target: string, args: ClientArgs, io: CliIo, style: OutputStyle): Promise<ClientContext> {
  const runtime = await loadRuntime();
  const metadata = metadataOf(runtime, args.headers);
  const channel = openChannel(runtime, target, args, io.cwd);
  const callOptions: CallOptions = { metadata, ...(args.timeoutMs !== undefined ? { timeoutMs: args.timeoutMs } : {}) };
  return { runtime, channel, target, metadata, callOptions, style };
}

/** Whether the schema comes from files (`--proto`, or `-I` alone: every file under the directories). */
export function usesProtoFiles(args: ClientArgs): boolean {
  return args.protoFiles.length > 0 || args.includeDirs.length > 0;
}

/** The schema around `symbol`: from the `--proto` files, or asked of the server by reflection. */
export async function schemaOf(ctx: ClientContext, args: ClientArgs, io: CliIo, symbol: string): Promise<Model> {
  if (usesProtoFiles(args)) {
    // Like protoc and grpcurl, a --proto path may also be relative to an -I directory.
    const inInclude = (file: string): string => existsSync(resolve(io.cwd, file)) ? file : (args.includeDirs.map((d) => join(resolve(io.cwd, d), file)).find((p) => existsSync(p)) ?? file);
    return modelOfPaths(args.protoFiles.length > 0 ? args.protoFiles.map(inInclude) : args.includeDirs, args.includeDirs, io.cwd);
  }
  const reflection = new ReflectionClient(ctx.runtime, ctx.channel, ctx.callOptions);
  try {
    return await reflection.modelOf(symbol);
  } finally {
    reflection.close();
  }
}

/**
 * Prints why the command failed and returns its exit code: 1 for bad arguments or input, 2 when
 * the server could not be reached, 64 + the status code when an RPC failed (with the error's
 * details as JSON, when it has any).
 */
export function reportFailure(command: string, error: unknown, ctx: ClientContext | undefined, io: CliIo, style: OutputStyle, registry?: DetailRegistry): number {
  if (error instanceof CodegenError || ctx === undefined) {
    io.stderr(`strand ${command}: ${CodegenError.from(error).message}\n`);
    return ClientExit.BadArguments;
  }
  const { runtime } = ctx;
  const e = runtime.RpcError.from(error);
  if (ctx.channel.state !== "ready" && (e.code === runtime.Code.Unavailable || e.code === runtime.Code.DeadlineExceeded)) {
    io.stderr(`strand ${command}: ${connectFailure(ctx.target, e.message)}\n`);
    return ClientExit.ConnectionFailure;
  }
  if (e.code === runtime.Code.Unimplemented && command !== "call") {
    io.stderr(`strand ${command}: ${ctx.target} does not offer reflection (${e.message}); give the schema with --proto FILE or -I DIR\n`);
    return ClientExit.RpcBase + e.code;
  }
  io.stderr(`${paint(style.errorColor, "red", "ERROR")}: ${runtime.codeName(e.code)}: ${e.message}\n`);
  const json = e.toJSON(registry);
  if (json.details !== undefined) io.stderr(`details: ${JSON.stringify(json.details, null, style.pretty ? 2 : undefined)}\n`);
  return ClientExit.RpcBase + e.code;
}

/** Every service name, sorted: asked by reflection, or read from the `--proto` files. */
export async function serviceNames(ctx: ClientContext, args: ClientArgs, io: CliIo): Promise<string[]> {
  if (usesProtoFiles(args)) {
    const model = await schemaOf(ctx, args, io, "");
    return model.files.flatMap((f) => f.services.map((s) => s.typeName)).sort();
  }
  const reflection = new ReflectionClient(ctx.runtime, ctx.channel, ctx.callOptions);
  try {
    return await reflection.listServices();
  } finally {
    reflection.close();
  }
}

/** "cannot connect to TARGET: why", without saying it twice when the reason already does. */
export function connectFailure(target: string, message: string): string {
  return message.startsWith("cannot connect to ") ? message : `cannot connect to ${target}: ${message}`;
}
