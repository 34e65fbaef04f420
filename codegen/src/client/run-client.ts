/**
 * Runs a client subcommand (`strand health`): under Bun directly, under
 * Node by running this same CLI again with the project's Bun (or one on PATH), or with a one-line
 * note on how to install it.
 */
import { fileURLToPath } from "node:url";
import { CodegenError } from "../diagnostic.ts";
import type { CliIo } from "../cli.ts";
import { type ClientArgs, type ClientCommandName, parseClientArgs } from "./client-args.ts";
import { rerunUnderBun } from "./find-bun.ts";
import { HealthExit, runHealth } from "./health-command.ts";

/** Parses and runs one client subcommand; resolves to its exit code. */
export async function runClientCommand(name: ClientCommandName, argv: readonly string[], io: CliIo): Promise<number> {
  let args: ClientArgs;
  try {
    args = parseClientArgs(name, argv);
  } catch (error) {
    io.stderr(`strand ${name}: ${CodegenError.from(error).message}\n`);
    return HealthExit.BadArguments;
  }
  if (process.versions["bun"] === undefined) {
    const main = fileURLToPath(new URL(`../cli-main.${import.meta.url.endsWith(".ts") ? "ts" : "js"}`, import.meta.url));
    const code = rerunUnderBun(io.cwd, main, [name, ...argv]);
    if (code !== undefined) return code;
    io.stderr(`strand ${name}: this command runs on Bun, found neither in this project nor on PATH; install it: npm install --save-dev bun\n`);
    return HealthExit.BadArguments;
  }
  return runHealth(args, io);
}
