import type { MessageCodec } from "strand";
import { ByteReader, ByteWriter } from "./byte-codec.ts";

/*
 * Hand-written stand-ins for grpc.testing's messages (test/proto messages.proto), with a small
 * binary codec so payload sizes on the wire are exactly what the interop cases specify.
 */

/** `grpc.testing.Empty`: encodes to zero bytes. */
export type Empty = Record<never, never>;

/** The status the server is asked to answer with (`EchoStatus`). */
export interface EchoStatus {
  code: number;
  message: string;
}

/** One response of a streaming call: its payload size and a pause before it (`ResponseParameters`). */
export interface ResponseParameters {
  size: number;
  intervalMs: number;
}

/**
 * The one request type of the interop service (SimpleRequest, StreamingInputCallRequest and
 * StreamingOutputCallRequest folded together: each method reads the fields it needs).
 */
export interface InteropRequest {
  /** Unary: size of the response payload. */
  responseSize: number;
  /** Streaming output: one response per entry. */
  responseParameters: ResponseParameters[];
  /** Request payload (its length is what client streaming aggregates). */
  payload: Uint8Array;
  /** Answer with this status instead of OK. */
  responseStatus: EchoStatus | undefined;
  /** Unary: sleep this long before answering (interop's sleeping server). */
  sleepMs: number;
}

/** The one response type (SimpleResponse, StreamingInputCallResponse, StreamingOutputCallResponse). */
export interface InteropResponse {
  payload: Uint8Array;
  /** Client streaming: the sum of the request payload sizes. */
  aggregatedPayloadSize: number;
}

const REQUEST_MAGIC = 0x51;
const RESPONSE_MAGIC = 0x52;

/** Codec of {@link Empty}: zero bytes, and nothing else decodes. */
export const Empty: MessageCodec<Empty> = {
  typeName: "grpc.testing.Empty",
  create: () => ({}),
  encode: () => new Uint8Array(0),
  decode(bytes) {
    if (bytes.length !== 0) throw new RangeError(`Empty must be 0 bytes, got ${bytes.length}`);
    return {};
  },
};

/** Codec of {@link InteropRequest}. */
export const InteropRequest: MessageCodec<InteropRequest> = {
  typeName: "grpc.testing.InteropRequest",
  create(init) {
    return {
      responseSize: init?.responseSize ?? 0,
      // Nested inits may be partial (MessageInit): defaults filled in here, as generated codecs do.
      responseParameters: (init?.responseParameters ?? []).map((p) => ({ size: p.size ?? 0, intervalMs: p.intervalMs ?? 0 })),
      payload: init?.payload ?? new Uint8Array(0),
      responseStatus: init?.responseStatus === undefined ? undefined : { code: init.responseStatus.code ?? 0, message: init.responseStatus.message ?? "" },
      sleepMs: init?.sleepMs ?? 0,
    };
  },
  encode(m) {
    const w = new ByteWriter(64 + m.payload.length).u8(REQUEST_MAGIC).u32(m.responseSize).u32(m.responseParameters.length);
    for (const p of m.responseParameters) w.u32(p.size).u32(p.intervalMs);
    if (m.responseStatus === undefined) w.u8(0);
    else w.u8(1).u32(m.responseStatus.code).string(m.responseStatus.message);
    return w.u32(m.sleepMs).bytes(m.payload).finish();
  },
  decode(bytes) {
    const r = new ByteReader(bytes);
    if (r.u8() !== REQUEST_MAGIC) throw new RangeError("not an InteropRequest");
    const responseSize = r.u32();
    const count = r.u32();
    if (count > 10_000) throw new RangeError(`too many response parameters: ${count}`);
    const responseParameters: ResponseParameters[] = [];
    for (let i = 0; i < count; i++) responseParameters.push({ size: r.u32(), intervalMs: r.u32() });
    const responseStatus = r.u8() === 1 ? { code: r.u32(), message: r.string() } : undefined;
    const sleepMs = r.u32();
    const payload = r.bytesField();
    r.end();
    return { responseSize, responseParameters, payload, responseStatus, sleepMs };
  },
};

/** Codec of {@link InteropResponse}. */
export const InteropResponse: MessageCodec<InteropResponse> = {
  typeName: "grpc.testing.InteropResponse",
  create(init) {
    return { payload: init?.payload ?? new Uint8Array(0), aggregatedPayloadSize: init?.aggregatedPayloadSize ?? 0 };
  },
  encode(m) {
    return new ByteWriter(16 + m.payload.length).u8(RESPONSE_MAGIC).u32(m.aggregatedPayloadSize).bytes(m.payload).finish();
  },
  decode(bytes) {
    const r = new ByteReader(bytes);
    if (r.u8() !== RESPONSE_MAGIC) throw new RangeError("not an InteropResponse");
    const aggregatedPayloadSize = r.u32();
    const payload = r.bytesField();
    r.end();
    return { payload, aggregatedPayloadSize };
  },
};

/** Raw bytes as a "message": lets tests put arbitrary (oversized, undecodable) bytes on the wire. */
export const RawBytes: MessageCodec<Uint8Array> = {
  typeName: "strand.test.Raw",
  create: (init) => (init instanceof Uint8Array ? init : new Uint8Array(0)),
  encode: (m) => m,
  decode: (bytes) => bytes,
};

/** A payload of `size` bytes with a recognisable pattern (byte i is i mod 251), so corruption shows. */
export function payloadOf(size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = i % 251;
  return out;
}

/** True if `bytes` is exactly {@link payloadOf}(`size`). */
export function isPayloadOf(bytes: Uint8Array, size: number): boolean {
  if (bytes.length !== size) return false;
  for (let i = 0; i < size; i++) if (bytes[i] !== i % 251) return false;
  return true;
}
