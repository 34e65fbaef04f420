import { expect, test } from "bun:test";
import { FrameType, PREFACE_LENGTH } from "./constants.ts";
import { decodeGoAway } from "./control-payloads.ts";
import { ErrorCode } from "./error-code.ts";
import { FrameDecoder } from "./frame-decoder.ts";
import { checkPreface } from "./preface.ts";
import { encodeRefusal, isRefusal } from "./refusal.ts";
import { Session } from "./session.ts";
import { createMemoryChannelPair } from "./testing/memory-channel.ts";

test("a refusal is the preface, an empty SETTINGS and GOAWAY(0, code, reason)", () => {
  const bytes = encodeRefusal(ErrorCode.RefusedStream, "server at its connection limit");
  checkPreface(bytes.subarray(0, PREFACE_LENGTH));
  const decoder = new FrameDecoder(16 * 1024);
  decoder.push(bytes.subarray(PREFACE_LENGTH));
  const settings = decoder.next()!;
  expect([settings.type, settings.streamId, settings.payload.length]).toEqual([FrameType.Settings, 0, 0]);
  const goAway = decoder.next()!;
  expect(goAway.type).toBe(FrameType.GoAway);
  expect(decodeGoAway(goAway.payload)).toEqual({ lastStreamId: 0, code: ErrorCode.RefusedStream, reason: "server at its connection limit" });
  expect(decoder.next()).toBeUndefined();
});

test("a client session reading a refusal fails its stream as not processed, with the reason, and sees a refusal", async () => {
  const [clientEnd, serverEnd] = createMemoryChannelPair();
  const client = new Session(clientEnd, { role: "client" });
  clientEnd.attach(client);
  serverEnd.attach({ receive() {}, drain() {}, channelClosed() {} });
  const stream = client.openStream(new TextEncoder().encode("h"), { message: new Uint8Array(1), end: true });
  const failed = new Promise<unknown>((resolve) => stream.listen({ onHeaders() {}, onMessage() {}, onEnd() {}, onError: resolve }));
  serverEnd.write(encodeRefusal(ErrorCode.RefusedStream, "server at its connection limit (maxConnections 1)"));
  const error = (await failed) as { code: ErrorCode; message: string };
  expect(error.code).toBe(ErrorCode.RefusedStream);
  expect(error.message).toContain("maxConnections 1");
  expect(isRefusal(client.goAwayReceived)).toBe(true);
  client.close();
});

test("isRefusal: only a GOAWAY with last stream 0 and an error code", () => {
  expect(isRefusal(undefined)).toBe(false);
  expect(isRefusal({ lastStreamId: 0, code: ErrorCode.NoError, reason: "" })).toBe(false);
  expect(isRefusal({ lastStreamId: 5, code: ErrorCode.RefusedStream, reason: "" })).toBe(false);
  expect(isRefusal({ lastStreamId: 0, code: ErrorCode.EnhanceYourCalm, reason: "" })).toBe(true);
});
