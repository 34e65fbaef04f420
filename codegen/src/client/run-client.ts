/**
 * Runs a client subcommand (`strand health`, `list`, `describe`, `call`): under Bun directly,
 * under Node by running this same CLI again with the project's Bun (or one on PATH), or with a
 * one-line note on how to install it.
 */
import { fileURLToPath } from "node:url";
import { CodegenError } from "../diagnostic.ts";
import type { CliIo } from "../cli.ts";
import { runCall } from "./call-command.ts";
import { type ClientArgs, type ClientCommandName, parseClientArgs } from "./client-args.ts";
import { CALL_HELP, DESCRIBE_HELP, LIST_HELP } from "./client-help.ts";
import { runDescribe } from "./describe-command.ts";
import { rerunUnderBun } from "./find-bun.ts";
import { HealthExit, runHealth } from "./health-command.ts";
import { runList } from "./list-command.ts";
import { outputStyle } from "./output.ts";

const HELP: Readonly<Record<Exclude<ClientCommandName, "health">, string>> = { call: CALL_HELP, list: LIST_HELP, describe: DESCRIBE_HELP };

/** Parses and runs one client subcommand; resolves to its exit code. */
export async function runClientCommand(name: ClientCommandName, argv: readonly string[], io: CliIo): Promise<number> {
  let args: ClientArgs;
  try {
    args = parseClientArgs(name, argv);
  } catch (error) {
    io.stderr(`strand ${name}: ${CodegenError.from(error).message}\n`);
    return HealthExit.BadArguments;
  }
  if (args.help && name !== "health") {
    io.stdout(HELP[name]);
    return 0;
  }
  if (process.versions["bun"] === undefined) {
    const main = fileURLToPath(new URL(`../cli-main.${import.meta.url.endsWith(".ts") ? "ts" : "js"}`, import.meta.url));
    const code = rerunUnderBun(io.cwd, main, [name, ...argv]);
    if (code !== undefined) return code;
    io.stderr(`strand ${name}: this command runs on Bun, found neither in this project nor on PATH; install it: npm install --save-dev bun\n`);
    return HealthExit.BadArguments;
  }
  const style = outputStyle(io.stdoutIsTTY ?? false, io.stderrIsTTY ?? false, process.env);
  switch (name) {
    case "health":
      return runHealth(args, io);
    case "list":
      return runList(args, io, style);
    case "describe":
      return runDescribe(args, io, style);
    case "call":
      return runCall(args, io, style);
  }
}
