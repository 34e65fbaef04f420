/**
 * `strand describe TARGET [SYMBOL]`: a service, method, message or enum as `.proto` text, found
 * by its fully-qualified name through reflection or in the `--proto` files; without a symbol,
 * every service the server offers.
 */
import type { CliIo } from "../cli.ts";
import { CodegenError } from "../diagnostic.ts";
import type { ClientArgs } from "./client-args.ts";
import { type ClientContext, ClientExit, openClient, reportFailure, schemaOf, serviceNames } from "./client-context.ts";
import { type OutputStyle, paint } from "./output.ts";
import { findDefinition, protoText } from "./proto-text.ts";

/** Runs the description; resolves to the exit code. */
export async function runDescribe(args: ClientArgs, io: CliIo, style: OutputStyle): Promise<number> {
  const [target, symbol, ...extra] = args.positionals;
  if (target === undefined || extra.length > 0 || args.data !== undefined) {
    io.stderr("strand describe: expected TARGET [SYMBOL] (try: strand describe --help)\n");
    return ClientExit.BadArguments;
  }
  let ctx: ClientContext | undefined;
  try {
    ctx = await openClient(target, args, io, style);
    const symbols = symbol !== undefined ? [symbol] : await serviceNames(ctx, args, io);
    for (const [i, name] of symbols.entries()) {
      const model = await schemaOf(ctx, args, io, name);
      const found = findDefinition(model.files, name);
      if (found === undefined) throw new CodegenError("usage", `symbol ${name} not found`);
      const shown = found.kind === "method" ? `${found.service.typeName}.${found.method.name}` : name.replace(/^\./, "");
      io.stdout(`${i > 0 ? "\n" : ""}${paint(style.color, "bold", shown)} is a ${found.kind} in ${found.file.protoPath}:\n${protoText(found)}`);
    }
    return ClientExit.Ok;
  } catch (error) {
    return reportFailure("describe", error, ctx, io, style);
  } finally {
    ctx?.channel.close();
  }
}
