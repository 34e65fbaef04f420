/**
 * `strand call TARGET pkg.Service/Method [JSON | -d TEXT | -d @FILE | -d @-]`: any of the four
 * call kinds with proto3 JSON in and out. The method's schema comes from reflection or from
 * `--proto` files; messages are encoded by the code `strand generate` would write for it.
 */
import type { MessageType } from "strand/protobuf";
import type { MethodDescriptor } from "strand";
import { CodegenError } from "../diagnostic.ts";
import type { CliIo } from "../cli.ts";
import type { ClientArgs } from "./client-args.ts";
import { type ClientContext, ClientExit, openClient, reportFailure, schemaOf } from "./client-context.ts";
import { inputSource, readAll, readLines } from "./call-input.ts";
import { type DynamicTypes, loadDynamicTypes, messageTypesOf } from "./dynamic-types.ts";
import { footer, formatJson, type OutputStyle } from "./output.ts";

/** `pkg.Service/Method` or `pkg.Service.Method` → its two names. */
export function splitMethod(text: string): { readonly service: string; readonly method: string } {
  const name = text.replace(/^\//, "");
  const cut = name.includes("/") ? name.lastIndexOf("/") : name.lastIndexOf(".");
  if (cut <= 0 || cut === name.length - 1) throw new CodegenError("usage", `expected a method as pkg.Service/Method, got ${JSON.stringify(text)}`);
  return { service: name.slice(0, cut), method: name.slice(cut + 1) };
}

type AnyMethod = (input: unknown, options: unknown) => AsyncIterable<unknown> | Promise<unknown>;

/** Runs the call; resolves to the exit code. */
export async function runCall(args: ClientArgs, io: CliIo, style: OutputStyle): Promise<number> {
  const [target, methodName, json, ...extra] = args.positionals;
  if (target === undefined || methodName === undefined || extra.length > 0) {
    io.stderr("strand call: expected TARGET pkg.Service/Method [JSON] (try: strand call --help)\n");
    return ClientExit.BadArguments;
  }
  let ctx: ClientContext | undefined;
  let types: DynamicTypes | undefined;
  let inputError: unknown;
  let count = 0;
  let started = performance.now();
  try {
    const { service, method } = splitMethod(methodName);
    ctx = await openClient(target, args, io, style);
    const model = await schemaOf(ctx, args, io, service);
    types = await loadDynamicTypes(model, messageTypesOf(await import("strand/errors")));
    const descriptor = types.services.get(service);
    if (descriptor === undefined) throw new CodegenError("usage", `service ${service} not found${args.protoFiles.length > 0 ? " in the --proto files" : ""}`);
    const localName = Object.keys(descriptor.methods).find((k) => descriptor.methods[k]!.name === method);
    if (localName === undefined) throw new CodegenError("usage", `${service} has no method ${method} (methods: ${Object.values(descriptor.methods).map((m) => m.name).join(", ")})`);
    const info = descriptor.methods[localName]!;
    const streamingIn = info.kind === "client_streaming" || info.kind === "bidi_streaming";
    const source = inputSource(json, args.data, streamingIn);
    const input = info.input as unknown as MessageType;
    const output = info.output as unknown as MessageType;
    const parse = (text: string): unknown => {
      try {
        return input.fromJsonString(text, { registry: types!.registry });
      } catch (error) {
        throw new CodegenError("usage", `the request is not a valid ${input.typeName} in JSON: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    const stdin = io.stdin ?? (() => (async function* () {})());
    let request: unknown;
    if (streamingIn) {
      request = (async function* () {
        try {
          for await (const line of readLines(source!, io.cwd, stdin)) yield parse(line);
        } catch (error) {
          inputError = error;
          throw error;
        }
      })();
    } else {
      request = source === undefined ? {} : parse(await readAll(source, io.cwd, stdin));
    }
    const call = (ctx.runtime.createClient(descriptor, ctx.channel) as unknown as Record<string, AnyMethod>)[localName]!;
    const print = (message: unknown): void => {
      count++;
      io.stdout(formatJson(output.toJson(message, { registry: types!.registry }), style));
    };
    // The footer times the call itself, not loading the schema.
    started = performance.now();
    const result = call(request, ctx.callOptions);
    if (isStreaming(info)) for await (const message of result as AsyncIterable<unknown>) print(message);
    else print(await result);
    if (style.pretty) io.stderr(footer("OK", isStreaming(info) ? count : undefined, performance.now() - started, style));
    return ClientExit.Ok;
  } catch (error) {
    const code = reportFailure("call", inputError ?? error, inputError === undefined ? ctx : undefined, io, style, types?.registry);
    if (style.pretty && ctx !== undefined && code >= ClientExit.RpcBase) io.stderr(footer(ctx.runtime.codeName(code - ClientExit.RpcBase), undefined, performance.now() - started, style));
    return code;
  } finally {
    ctx?.channel.close();
  }
}

function isStreaming(method: MethodDescriptor): boolean {
  return method.kind === "server_streaming" || method.kind === "bidi_streaming";
}
