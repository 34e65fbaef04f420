/**
 * Arguments of the client subcommands (`strand health`, `list`, `describe`, `call`, which share
 * them): one strict parser, options before or after the positional arguments, unknown options
 * refused. Values are checked here so that a bad flag fails before any connection is made.
 */
import { CodegenError } from "../diagnostic.ts";

/** The client subcommands. */
export type ClientCommandName = "health" | "list" | "describe" | "call";

/** TLS settings from `--tls`, `--cacert`, `--cert`, `--key`, `--server-name`, `--insecure`. */
export interface TlsFlags {
  /** Files as given; read when the channel is made. */
  readonly cacert?: string;
  readonly cert?: string;
  readonly key?: string;
  readonly serverName?: string;
  /** Do not verify the server's certificate (tests, self-signed servers). */
  readonly insecure: boolean;
}

/** Everything a client subcommand was given. */
export interface ClientArgs {
  readonly command: ClientCommandName;
  readonly help: boolean;
  readonly positionals: readonly string[];
  /** `undefined`: plain TCP (or a unix socket). */
  readonly tls: TlsFlags | undefined;
  /** `-H 'name: value'`, in order. */
  readonly headers: readonly (readonly [string, string])[];
  /** `--timeout`: the whole call's deadline, ms. */
  readonly timeoutMs: number | undefined;
  /** `--connect-timeout`: how long connecting may take, ms. */
  readonly connectTimeoutMs: number | undefined;
  /** `-d`: a JSON text, `@file` or `@-` (stdin). */
  readonly data: string | undefined;
  /** `--proto` files and `-I` directories: describe the services without reflection. */
  readonly protoFiles: readonly string[];
  readonly includeDirs: readonly string[];
}

const VALUE_FLAGS = new Set(["--cacert", "--cert", "--key", "--server-name", "-H", "--header", "--timeout", "--connect-timeout", "-d", "--data", "--proto", "-I", "--proto_path"]);

/** Parses the arguments after the subcommand's name; throws `usage` errors. */
export function parseClientArgs(command: ClientCommandName, argv: readonly string[]): ClientArgs {
  const positionals: string[] = [];
  const headers: [string, string][] = [];
  const protoFiles: string[] = [];
  const includeDirs: string[] = [];
  const tls: { -readonly [K in keyof TlsFlags]?: TlsFlags[K] } = {};
  let useTls = false;
  let help = false;
  let timeoutMs: number | undefined;
  let connectTimeoutMs: number | undefined;
  let data: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i]!;
    const eq = raw.startsWith("--") ? raw.indexOf("=") : -1;
    const flag = eq > 0 ? raw.slice(0, eq) : raw;
    let value = "";
    if (VALUE_FLAGS.has(flag)) {
      if (eq > 0) value = raw.slice(eq + 1);
      else {
        const next = argv[++i];
        if (next === undefined) throw new CodegenError("usage", `${flag} needs a value (try: strand ${command} --help)`);
        value = next;
      }
    } else if (eq > 0) {
      throw new CodegenError("usage", `${flag} takes no value (try: strand ${command} --help)`);
    }
    switch (flag) {
      case "-h":
      case "--help":
        help = true;
        break;
      case "--tls":
        useTls = true;
        break;
      case "--insecure":
        useTls = true;
        tls.insecure = true;
        break;
      case "--cacert":
      case "--cert":
      case "--key":
        useTls = true;
        tls[flag.slice(2) as "cacert" | "cert" | "key"] = value;
        break;
      case "--server-name":
        useTls = true;
        tls.serverName = value;
        break;
      case "-H":
      case "--header":
        headers.push(parseHeader(value));
        break;
      case "--timeout":
        timeoutMs = parseDuration(flag, value);
        break;
      case "--connect-timeout":
        connectTimeoutMs = parseDuration(flag, value);
        break;
      case "-d":
      case "--data":
        if (data !== undefined) throw new CodegenError("usage", "-d given twice");
        data = value;
        break;
      case "--proto":
        protoFiles.push(value);
        break;
      case "-I":
      case "--proto_path":
        includeDirs.push(value);
        break;
      default:
        if (raw.startsWith("-I") && raw.length > 2) includeDirs.push(raw.slice(2));
        else if (raw.startsWith("-") && raw !== "-") throw new CodegenError("usage", `unknown option "${raw}" (try: strand ${command} --help)`);
        else positionals.push(raw);
    }
  }
  if ((tls.cert === undefined) !== (tls.key === undefined)) throw new CodegenError("usage", "--cert and --key go together (a client certificate and its key)");
  return {
    command,
    help,
    positionals,
    tls: useTls ? { ...tls, insecure: tls.insecure ?? false } : undefined,
    headers,
    timeoutMs,
    connectTimeoutMs,
    data,
    protoFiles,
    includeDirs,
  };
}

/** `name: value` → [lower-cased name, value]; `-bin` values stay as given (base64, decoded later). */
function parseHeader(text: string): [string, string] {
  const colon = text.indexOf(":");
  const name = colon < 0 ? "" : text.slice(0, colon).trim().toLowerCase();
  if (!/^[0-9a-z_.-]+$/.test(name)) throw new CodegenError("usage", `-H expects 'name: value' with a metadata name of 0-9 a-z _ . -, got ${JSON.stringify(text)}`);
  return [name, text.slice(colon + 1).trim()];
}

/** `1.5s`, `500ms`, `2m` or a bare number of seconds → ms. */
export function parseDuration(flag: string, text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  const ms = match === null ? NaN : Number(match[1]) * (match[2] === "ms" ? 1 : match[2] === "m" ? 60_000 : 1000);
  if (!Number.isFinite(ms) || ms <= 0 || ms > 2_147_483_647) throw new CodegenError("usage", `${flag} expects a positive duration such as 500ms, 2s or 1m, got ${JSON.stringify(text)}`);
  return Math.round(ms);
}
