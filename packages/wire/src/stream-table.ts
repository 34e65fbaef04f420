import { releaseIndex, StreamIndex, takeIndex, type ReadonlyStreamIndex } from "./stream-index.ts";
import type { WireStream } from "./stream.ts";

/** Which side of the connection this endpoint is; it fixes stream ID parity. */
export type Role = "client" | "server";

const RECENT_RESETS = 1024;
const NO_STREAMS: ReadonlyStreamIndex<WireStream> = new StreamIndex<WireStream>();
/** Returned by `all()` when there are no streams: shared, frozen, empty. */
const NO_STREAM_LIST: readonly WireStream[] = Object.freeze([]);
/** Shared and always empty: only `enqueuePending` adds, and it replaces this first. */
const NO_PENDING: WireStream[] = [];

/**
 * The stream table and the stream ID rules (PROTOCOL.md §6.1): clients use odd IDs, servers even,
 * each side's IDs strictly increase and are never reused. Also remembers the last streams we reset,
 * since the peer may legitimately still have frames for them in flight.
 */
export class StreamTable {
  /** Open streams by ID; allocated with the first stream (idle connections share an empty one). */
  private table: StreamIndex<WireStream> | undefined;
  /** Next ID this endpoint will assign. */
  nextLocalId: number;
  /** Highest ID the peer has opened (0 before any). */
  lastPeerId = 0;
  /** Locally opened streams counted against the peer's MAX_CONCURRENT_STREAMS. */
  localActive = 0;
  /**
   * Peer-opened streams counted against our MAX_CONCURRENT_STREAMS: open ones, and closed ones
   * whose owner still holds the slot (see `WireStream.holdSlot`).
   */
  peerActive = 0;
  /** Locally opened streams waiting for the peer's concurrency limit, oldest first. */
  pending: WireStream[] = NO_PENDING;
  /** Recently reset stream IDs; allocated on the first reset (idle connections never pay). */
  private recent: Set<number> | undefined;
  private recentOrder: number[] | undefined;

  constructor(
    private readonly role: Role,
    private readonly maxStreamId: number,
  ) {
    this.nextLocalId = role === "client" ? 1 : 2;
  }

  /** Open streams by ID (read-only view). */
  get streams(): ReadonlyStreamIndex<WireStream> {
    return this.table ?? NO_STREAMS;
  }

  /** Queues a local stream behind the peer's concurrency limit. */
  enqueuePending(stream: WireStream): void {
    if (this.pending === NO_PENDING) this.pending = [];
    this.pending.push(stream);
  }

  /** Whether `id` has the parity of streams the peer opens. */
  isPeerId(id: number): boolean {
    return (id % 2 === 1) === (this.role === "server");
  }

  /** Whether `id` was never opened by either side yet. */
  isIdle(id: number): boolean {
    return this.isPeerId(id) ? id > this.lastPeerId : id >= this.nextLocalId;
  }

  /** How many more local streams can get an ID, counting those already waiting. */
  get idsLeft(): number {
    const left = Math.floor((this.maxStreamId - this.nextLocalId) / 2) + 1;
    return Math.max(0, left - this.pending.length);
  }

  /** Assigns the next local ID and registers the stream. */
  admitLocal(stream: WireStream): void {
    stream.id = this.nextLocalId;
    this.nextLocalId += 2;
    (this.table ??= takeIndex()).add(stream);
    this.localActive++;
  }

  addPeer(stream: WireStream): void {
    (this.table ??= takeIndex()).add(stream);
    this.peerActive++;
  }

  /** Removes a closed stream; returns true if it was registered. */
  remove(stream: WireStream): boolean {
    // IDs are never reused, so the ID alone identifies the stream; a second removal finds nothing.
    const table = this.table;
    if (stream.id === 0 || table?.delete(stream.id) !== true) return false;
    // An idle connection holds no index; a busy one empties about once per read, so the index goes
    // to the spares and comes back grown (stream-index.ts).
    if (table.size === 0) {
      this.table = undefined;
      releaseIndex(table);
    }
    if (!this.isPeerId(stream.id)) this.localActive--;
    return true; // a peer stream's slot is freed by its last holder (SessionStreams.releaseSlot)
  }

  /** Records that we reset (or refused) `id`, so late frames for it are ignored. */
  rememberReset(id: number): void {
    const recent = (this.recent ??= new Set());
    const order = (this.recentOrder ??= []);
    if (recent.has(id)) return;
    recent.add(id);
    order.push(id);
    if (order.length > RECENT_RESETS) recent.delete(order.shift()!);
  }

  wasReset(id: number): boolean {
    return this.recent?.has(id) === true;
  }

  /** Every stream, registered or waiting (a fresh array; shared and empty when there are none — every idle connection's close asks). */
  all(): readonly WireStream[] {
    if (this.table === undefined || this.table.size === 0) return this.pending.length === 0 ? NO_STREAM_LIST : this.pending.slice();
    const all = this.table.values();
    for (const stream of this.pending) all.push(stream);
    return all;
  }
}
