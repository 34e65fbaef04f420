/**
 * One chat room's state, bounded in every direction: the last `historySize` messages, at most
 * `maxMembers` subscribers, and per subscriber at most `queueSize` events not yet sent. A
 * subscriber whose queue is full is dropped, not waited for and not buffered without end: one
 * stalled browser tab must neither slow the room down nor grow the server's memory. The dropped
 * subscriber's stream ends with `Aborted` and the page rejoins from the last `seq` it saw, so
 * it loses nothing the history still holds.
 */
import { Code, RpcError } from "strand";
import { timestampNow } from "strand/protobuf";
import type { ChatMessage, Event } from "./gen/chat/v1/chat.ts";
import { BoundedQueue } from "./bounded-queue.ts";

/** A room's bounds. */
export interface RoomLimits {
  /** Messages kept for members who join later. */
  readonly historySize: number;
  /** Subscribers at once; more are refused with `ResourceExhausted`. */
  readonly maxMembers: number;
  /** Events waiting for one subscriber; one more and it is dropped. */
  readonly queueSize: number;
}

/** One subscriber: its name and the events its stream has yet to send. */
export interface Member {
  readonly name: string;
  readonly queue: BoundedQueue<Event>;
  /** Set when the room dropped this member for falling behind (its queue is closed then too). */
  readonly dropped: boolean;
}

/** What `join` hands the new member's stream: itself, and the history to send before live events. */
export interface Joined {
  readonly member: Member;
  readonly history: readonly ChatMessage[];
}

interface MemberState extends Member {
  dropped: boolean;
}

/** A chat room: history, members and fan-out of new messages and presence changes. */
export class Room {
  readonly #history: ChatMessage[] = [];
  readonly #members = new Set<MemberState>();
  // Starts from the clock (µs-ish: ms × 1000) rather than 0 so that `seq` keeps increasing across
  // a server restart: a page rejoining with the old server's last seq still gets the new messages.
  #seq = BigInt(Date.now()) * 1000n;

  constructor(
    readonly name: string,
    readonly limits: RoomLimits,
  ) {}

  /** Subscribers now. */
  get size(): number {
    return this.#members.size;
  }

  /**
   * Adds a subscriber. The history after `afterSeq` is taken in the same step, so no message falls
   * between what the history holds and what the queue will receive.
   */
  join(name: string, afterSeq: bigint): Joined {
    if (this.#members.size >= this.limits.maxMembers) throw new RpcError(Code.ResourceExhausted, `room ${this.name} is full (${this.limits.maxMembers} members)`);
    const member: MemberState = { name, queue: new BoundedQueue<Event>(this.limits.queueSize), dropped: false };
    const history = this.#history.filter((m) => m.seq > afterSeq);
    this.#members.add(member);
    this.#announcePresence();
    return { member, history };
  }

  /** Removes a subscriber (its stream ended); the others learn the new presence. */
  leave(member: Member): void {
    if (!this.#members.delete(member as MemberState)) return;
    member.queue.close();
    this.#announcePresence();
  }

  /** Appends a message to the history and sends it to every member; returns it with its `seq`. */
  post(name: string, text: string): ChatMessage {
    this.#seq += 1n;
    const message: ChatMessage = { seq: this.#seq, name, text, sentAt: timestampNow() };
    this.#history.push(message);
    if (this.#history.length > this.limits.historySize) this.#history.shift();
    this.#publish({ kind: { case: "message", value: message } });
    return message;
  }

  /** Distinct names of the members, sorted: two tabs of one person show once. */
  names(): string[] {
    return [...new Set([...this.#members].map((m) => m.name))].sort((a, b) => a.localeCompare(b));
  }

  #announcePresence(): void {
    this.#publish({ kind: { case: "presence", value: { names: this.names() } } });
  }

  #publish(event: Event): void {
    const dropped: MemberState[] = [];
    for (const member of this.#members) if (!member.queue.push(event)) dropped.push(member);
    if (dropped.length === 0) return;
    for (const member of dropped) {
      member.dropped = true;
      this.#members.delete(member);
      member.queue.close();
    }
    // Recursion ends: each round removes at least one member.
    this.#announcePresence();
  }
}
