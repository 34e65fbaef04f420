/**
 * The `chat.v1.Chat` handlers: `join` streams a room (history, then live events) for as long as
 * the caller stays, `post` validates and fans a message out. Rooms are created on first use and
 * capped in number; when the cap is reached the oldest room nobody is in makes way.
 */
import { Code, RpcError } from "strand";
import type { ChatHandlers } from "./gen/chat/v1/chat.ts";
import { Room, type RoomLimits } from "./room.ts";
import { checkMember, checkPost, rejectInvalid } from "./validation.ts";

/** Bounds of the whole service: every number here caps memory. */
export interface ChatLimits extends RoomLimits {
  /** Rooms at once; when all are occupied, a new one is refused with `ResourceExhausted`. */
  readonly maxRooms: number;
}

/** Defaults: 100 messages of history, 50 members per room, 20 rooms, 64 events of slack per member. */
export const defaultChatLimits: ChatLimits = { historySize: 100, maxMembers: 50, queueSize: 64, maxRooms: 20 };

/** The rooms of one service, by name (a Map keeps creation order: the eviction order). */
class Rooms {
  readonly #rooms = new Map<string, Room>();

  constructor(readonly limits: ChatLimits) {}

  open(name: string): Room {
    const existing = this.#rooms.get(name);
    if (existing !== undefined) return existing;
    if (this.#rooms.size >= this.limits.maxRooms) {
      const idle = [...this.#rooms.values()].find((r) => r.size === 0);
      if (idle === undefined) throw new RpcError(Code.ResourceExhausted, `too many rooms (${this.limits.maxRooms}), all occupied`);
      this.#rooms.delete(idle.name);
    }
    const room = new Room(name, this.limits);
    this.#rooms.set(name, room);
    return room;
  }
}

/** Handlers for `server.add(Chat, chatHandlers())`, with their own rooms. */
export function chatHandlers(limits: ChatLimits = defaultChatLimits): ChatHandlers {
  const rooms = new Rooms(limits);
  return {
    async *join(request, ctx) {
      rejectInvalid(checkMember(request));
      const room = rooms.open(request.room);
      const { member, history } = room.join(request.name.trim(), request.afterSeq);
      try {
        for (const message of history) yield { kind: { case: "message", value: message } };
        // A draining server ends the stream now rather than at its grace period's end, so the
        // page rejoins (after its reconnect) instead of hanging on to a server that is leaving.
        const stop = AbortSignal.any([ctx.signal, ctx.draining]);
        for (let event = await member.queue.next(stop); event !== undefined; event = await member.queue.next(stop)) {
          // `yield` waits for the stream's flow-control window: a slow reader stalls here while
          // its queue fills, until the room drops it.
          yield event;
        }
        if (member.dropped) throw new RpcError(Code.Aborted, "fell behind the room: rejoin from the last seq seen");
        if (ctx.draining.aborted) throw new RpcError(Code.Unavailable, "server shutting down: rejoin");
      } finally {
        room.leave(member);
      }
    },
    async post(request) {
      rejectInvalid(checkPost(request));
      const message = rooms.open(request.room).post(request.name.trim(), request.text.trim());
      return { seq: message.seq };
    },
  };
}
