/**
 * Open streams by ID: a ring of slots indexed by `id >>> 1`, with a `Map` for the few streams the
 * ring has no room for.
 *
 * Why not only a `Map`: every call adds and removes one stream, and a JavaScriptCore `Map` with
 * ever growing integer keys costs a hashed insert, a hashed delete with a tombstone and periodic
 * rehashing — measured at 4–8 % of a unary call's CPU on each side. A side's stream IDs are
 * consecutive odd (or even) numbers and most streams are short, so the streams in flight sit in
 * consecutive slots: adding, finding and removing one is an array access. (Open addressing with
 * linear probing was tried first: consecutive keys make the live streams one long probe run, and
 * removing the oldest then scans all of it.)
 *
 * When a new stream's slot still holds an older stream that is alive — a long-lived stream, or
 * more streams in flight than the ring has slots — the ring doubles if it is over half full, else
 * the older stream moves to the overflow map, where lookups find it. The ring only grows, up to
 * about twice the most streams in flight at once; the stream table lets go of the whole index when
 * its last stream ends, so an idle connection holds none. A busy connection empties about once per
 * read, so a let-go index is kept as a spare ({@link takeIndex}, {@link releaseIndex}) for the next
 * connection that needs one: without it every read regrew a ring from 16 slots (1 % of a server's
 * unary-call CPU).
 */

/** What the index stores: anything with a numeric stream ID that does not change while stored. */
interface Keyed {
  readonly id: number;
}

const MIN_CAPACITY = 16;
/** Empty indexes kept for reuse (see the module comment); a bounded few, and only modest rings: at most 4 × 8 KiB. */
const MAX_SPARES = 4;
const MAX_SPARE_CAPACITY = 1024;
const spares: StreamIndex<Keyed>[] = [];

/** See the module comment. Read-only to everyone but the stream table (`ReadonlyStreamIndex`). */
export class StreamIndex<T extends Keyed> {
  private ring: (T | undefined)[] = new Array<T | undefined>(MIN_CAPACITY).fill(undefined);
  private mask = MIN_CAPACITY - 1;
  /** Values in the ring. */
  private inRing = 0;
  /** Older streams displaced from the ring; allocated on the first displacement. */
  private overflow: Map<number, T> | undefined;
  /** How many values are stored. */
  size = 0;

  /** The value stored under `id`, if any. */
  get(id: number): T | undefined {
    const value = this.ring[(id >>> 1) & this.mask];
    if (value !== undefined && value.id === id) return value;
    return this.overflow === undefined || this.overflow.size === 0 ? undefined : this.overflow.get(id);
  }

  /** Stores `value` under its ID (which must not be stored yet). */
  add(value: T): void {
    let slot = (value.id >>> 1) & this.mask;
    let held = this.ring[slot];
    while (held !== undefined && this.inRing * 2 > this.ring.length) {
      this.grow();
      slot = (value.id >>> 1) & this.mask;
      held = this.ring[slot];
    }
    if (held !== undefined) {
      (this.overflow ??= new Map()).set(held.id, held);
      this.inRing--;
    }
    this.ring[slot] = value;
    this.inRing++;
    this.size++;
  }

  /** Removes the value stored under `id`; false if there was none. */
  delete(id: number): boolean {
    const slot = (id >>> 1) & this.mask;
    const value = this.ring[slot];
    if (value !== undefined && value.id === id) {
      this.ring[slot] = undefined;
      this.inRing--;
    } else if (this.overflow?.delete(id) !== true) {
      return false;
    }
    this.size--;
    return true;
  }

  /** Ring slots (for the spare pool's bound and for tests). */
  get capacity(): number {
    return this.ring.length;
  }

  /** Every stored value (a fresh array: callers may change the index while they go through it). */
  values(): T[] {
    const out: T[] = [];
    for (const value of this.ring) if (value !== undefined) out.push(value);
    if (this.overflow !== undefined) for (const value of this.overflow.values()) out.push(value);
    return out;
  }

  /** Doubles the ring; a value whose new slot is taken goes to the overflow map. */
  private grow(): void {
    const old = this.ring;
    this.ring = new Array<T | undefined>(old.length * 2).fill(undefined);
    this.mask = this.ring.length - 1;
    this.inRing = 0;
    for (const value of old) {
      if (value === undefined) continue;
      const slot = (value.id >>> 1) & this.mask;
      if (this.ring[slot] === undefined) {
        this.ring[slot] = value;
        this.inRing++;
      } else {
        (this.overflow ??= new Map()).set(value.id, value);
      }
    }
  }
}

/** An empty index: a spare one if there is one (its ring already grown), else a new one. */
export function takeIndex<T extends Keyed>(): StreamIndex<T> {
  return (spares.pop() as StreamIndex<T> | undefined) ?? new StreamIndex<T>();
}

/** Gives back an index that has become empty: kept as a spare while there is room and its ring is modest. */
export function releaseIndex(index: StreamIndex<Keyed>): void {
  if (index.size !== 0 || spares.length >= MAX_SPARES || index.capacity > MAX_SPARE_CAPACITY || spares.includes(index)) return;
  spares.push(index);
}

/** The read side of a {@link StreamIndex}, as the session's table hands it out. */
export interface ReadonlyStreamIndex<T extends Keyed> {
  readonly size: number;
  get(id: number): T | undefined;
  values(): T[];
}
