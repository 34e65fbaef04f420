/**
 * `strand list TARGET [SERVICE]`: the services a server offers (from reflection, or those of the
 * `--proto` files), one per line; with a service, its methods as `pkg.Service.Method`.
 */
import type { CliIo } from "../cli.ts";
import type { ClientArgs } from "./client-args.ts";
import { type ClientContext, ClientExit, openClient, reportFailure, schemaOf, serviceNames } from "./client-context.ts";
import type { OutputStyle } from "./output.ts";
import { findDefinition } from "./proto-text.ts";
import { CodegenError } from "../diagnostic.ts";

/** Runs the listing; resolves to the exit code. */
export async function runList(args: ClientArgs, io: CliIo, style: OutputStyle): Promise<number> {
  const [target, service, ...extra] = args.positionals;
  if (target === undefined || extra.length > 0 || args.data !== undefined) {
    io.stderr("strand list: expected TARGET [SERVICE] (try: strand list --help)\n");
    return ClientExit.BadArguments;
  }
  let ctx: ClientContext | undefined;
  try {
    ctx = await openClient(target, args, io, style);
    if (service === undefined) {
      for (const name of await serviceNames(ctx, args, io)) io.stdout(`${name}\n`);
      return ClientExit.Ok;
    }
    const model = await schemaOf(ctx, args, io, service);
    const found = findDefinition(model.files, service);
    if (found?.kind !== "service") throw new CodegenError("usage", `service ${service} not found`);
    for (const method of found.service.methods) io.stdout(`${found.service.typeName}.${method.name}\n`);
    return ClientExit.Ok;
  } catch (error) {
    return reportFailure("list", error, ctx, io, style);
  } finally {
    ctx?.channel.close();
  }
}
