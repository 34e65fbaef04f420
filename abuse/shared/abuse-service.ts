import { method, service, type MessageCodec } from "strand";

const NAME = "strand.abuse.AbuseService";

/**
 * Raw bytes as a message: the suite controls exactly what goes on the wire (sizes, empty
 * messages) and the server spends no time decoding, so what it measures is the transport.
 */
export const Raw: MessageCodec<Uint8Array> = {
  typeName: "strand.abuse.Raw",
  create: (init) => (init instanceof Uint8Array ? init : new Uint8Array(0)),
  encode: (m) => m,
  decode: (bytes) => bytes,
};

/**
 * The abuse suite's service, served with default options by the server child process:
 * - `echo`: the bystander's fast unary call (also the target of heavy but valid callers);
 * - `slow`: waits the ms its request names ({@link encodeSize}; default 1 s) or until its `ctx.signal` aborts (reset classes);
 * - `stubborn`: waits as long but ignores its signal, so its concurrency slot stays taken;
 * - `neverRead`: a bidi call whose handler never reads its input (flow control must stop the sender);
 * - `download`: answers with as many bytes as the request asks for ({@link encodeSize});
 * - `stats`: the server's tracked memory and counters as JSON (see `ServerStats`).
 */
export const AbuseService = service(NAME, {
  echo: method(NAME, "Echo", "unary", Raw, Raw),
  slow: method(NAME, "Slow", "unary", Raw, Raw),
  stubborn: method(NAME, "Stubborn", "unary", Raw, Raw),
  neverRead: method(NAME, "NeverRead", "bidi_streaming", Raw, Raw),
  download: method(NAME, "Download", "unary", Raw, Raw),
  stats: method(NAME, "Stats", "unary", Raw, Raw),
});

/** A request carrying one u32 (a wait in ms for `slow`/`stubborn`, a size for `download`). */
export function encodeSize(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value);
  return out;
}

/** The u32 of {@link encodeSize}, or `fallback` for a request that carries none. */
export function decodeSize(request: Uint8Array, fallback: number): number {
  if (request.length < 4) return fallback;
  return new DataView(request.buffer, request.byteOffset, 4).getUint32(0);
}
