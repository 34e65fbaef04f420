/**
 * The chat's bounds without a browser: history and queues stay at their sizes, a subscriber that
 * stops reading is dropped (its stream ends with `Aborted`) while the others keep up, and the
 * validation errors carry `BadRequest` details.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { Code, createClient, createWebChannel, RpcError } from "strand/web";
import { BadRequest } from "strand/errors";
import { Chat } from "../src/gen/chat/v1/chat.ts";
import { Room } from "../src/room.ts";
import { startChat, type RunningChat } from "../src/server.ts";

function codeOf(f: () => unknown): Code | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    return RpcError.from(e).code;
  }
}

const limits = { historySize: 5, maxMembers: 3, queueSize: 4, maxRooms: 2 };

test("a room keeps its last messages and drops a member whose queue is full, telling the others", () => {
  const room = new Room("r", limits);
  const slow = room.join("slow", 0n).member;
  const quick = room.join("quick", 0n).member;
  const stop = new AbortController().signal;
  for (let i = 0; i < 6; i++) {
    room.post("quick", `m${i}`);
    while (quick.queue.size > 0) void quick.queue.next(stop);
  }
  expect(slow.dropped).toBe(true);
  expect(slow.queue.closed).toBe(true);
  expect(quick.dropped).toBe(false);
  expect(room.names()).toEqual(["quick"]);
  const late = room.join("late", 0n);
  expect(late.history.map((m) => m.text)).toEqual(["m1", "m2", "m3", "m4", "m5"]);
  expect(room.join("later", late.history[3]!.seq).history.map((m) => m.text)).toEqual(["m5"]);
  expect(codeOf(() => room.join("one too many", 0n))).toBe(Code.ResourceExhausted);
});

let chat: RunningChat;
let channel: ReturnType<typeof createWebChannel>;
beforeAll(async () => {
  chat = await startChat({ hostname: "127.0.0.1", port: 0, limits: { ...limits, historySize: 100, queueSize: 16 } });
  channel = createWebChannel(new URL("/api", chat.url.replace(/^http/, "ws")).href);
});
afterAll(async () => {
  channel.close();
  await chat.close();
});

test("over WebSocket: a subscriber that stops reading is cut off with Aborted and resumes from its last seq", async () => {
  const client = createClient(Chat, channel);
  const stalled = client.join({ room: "busy", name: "stalled", afterSeq: 0n })[Symbol.asyncIterator]();
  const first = await stalled.next(); // presence: joined
  expect(first.value?.kind.case).toBe("presence");
  // 2,000 messages of ~0.5 KB: more than the stream and connection windows hold.
  const big = "x".repeat(490);
  let lastSeq = 0n;
  for (let i = 0; i < 2000; i++) lastSeq = (await client.post({ room: "busy", name: "poster", text: `${i} ${big}` })).seq;
  // Reading again: what the stream window held arrives, then the cut-off.
  const error = await (async () => {
    for (let r = await stalled.next(); !r.done; r = await stalled.next());
  })().then(() => undefined, (e: unknown) => RpcError.from(e));
  expect(error?.code).toBe(Code.Aborted);
  const resumed = client.join({ room: "busy", name: "stalled", afterSeq: lastSeq - 2n })[Symbol.asyncIterator]();
  const texts: string[] = [];
  for (let r = await resumed.next(); !r.done && texts.length < 2; r = await resumed.next()) if (r.value.kind.case === "message") texts.push(r.value.kind.value.text);
  await resumed.return?.();
  expect(texts.map((t) => t.split(" ")[0])).toEqual(["1998", "1999"]);
});

test("over WebSocket: an empty or too long post is InvalidArgument with a BadRequest field violation", async () => {
  const client = createClient(Chat, channel);
  const violations = async (text: string) => {
    const error = await client.post({ room: "lobby", name: "Ada", text }).then(() => undefined, (e: unknown) => RpcError.from(e));
    expect(error?.code).toBe(Code.InvalidArgument);
    return error!.findDetails(BadRequest).flatMap((b) => b.fieldViolations.map((v) => `${v.field}: ${v.description}`));
  };
  expect(await violations("  ")).toEqual(["text: must not be empty"]);
  expect(await violations("y".repeat(501))).toEqual(["text: must be at most 500 characters (got 501)"]);
  // Characters, not UTF-16 units: 500 emoji are a valid post.
  expect((await client.post({ room: "lobby", name: "Ada", text: "😀".repeat(500) })).seq).toBeGreaterThan(0n);
});
