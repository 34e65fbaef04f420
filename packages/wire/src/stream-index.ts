/**
 * Open streams by ID: an open-addressing hash table with linear probing, keyed by the stream ID.
 *
 * Why not a `Map`: every call adds and removes one stream, and a JavaScriptCore `Map` with ever
 * growing integer keys costs a hashed insert, a hashed delete with a tombstone, and periodic
 * rehashing — measured at 4–8 % of a unary call's CPU on each side. Stream IDs of one side are
 * consecutive odd (or even) numbers, so `id >>> 1` masked to the capacity puts the streams in
 * flight in consecutive slots: lookups almost never probe. Removal shifts the probe run back
 * (no tombstones), so the table never degrades however many IDs pass through it.
 *
 * The capacity doubles when half full and halves when an eighth full (never below the initial
 * 16), so an idle connection's table stays small and a drained burst gives its memory back.
 */

/** What the table stores: anything with a numeric stream ID that does not change while stored. */
interface Keyed {
  readonly id: number;
}

const MIN_CAPACITY = 16;

/** See the module comment. Read-only to everyone but the stream table (`ReadonlyStreamIndex`). */
export class StreamIndex<T extends Keyed> {
  private slots: (T | undefined)[] = new Array<T | undefined>(MIN_CAPACITY).fill(undefined);
  private mask = MIN_CAPACITY - 1;
  /** How many values are stored. */
  size = 0;

  /** The value stored under `id`, if any. */
  get(id: number): T | undefined {
    const slots = this.slots;
    const mask = this.mask;
    for (let i = (id >>> 1) & mask; ; i = (i + 1) & mask) {
      const value = slots[i];
      if (value === undefined || value.id === id) return value;
    }
  }

  /** Stores `value` under its ID (which must not be stored yet). */
  add(value: T): void {
    if ((this.size + 1) * 2 > this.slots.length) this.resize(this.slots.length * 2);
    this.place(value);
    this.size++;
  }

  /** Removes the value stored under `id`; false if there was none. */
  delete(id: number): boolean {
    const slots = this.slots;
    const mask = this.mask;
    let i = (id >>> 1) & mask;
    for (;;) {
      const value = slots[i];
      if (value === undefined) return false;
      if (value.id === id) break;
      i = (i + 1) & mask;
    }
    // Backward-shift deletion: move later members of the probe run into the hole when their
    // home slot does not lie (cyclically) between the hole and their current slot.
    let hole = i;
    for (let j = (i + 1) & mask; ; j = (j + 1) & mask) {
      const value = slots[j];
      if (value === undefined) break;
      const home = (value.id >>> 1) & mask;
      const stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
      if (stays) continue;
      slots[hole] = value;
      hole = j;
    }
    slots[hole] = undefined;
    this.size--;
    if (this.slots.length > MIN_CAPACITY && this.size * 8 < this.slots.length) this.resize(this.slots.length / 2);
    return true;
  }

  /** Every stored value (a fresh array: callers may change the table while they go through it). */
  values(): T[] {
    const out: T[] = [];
    for (const value of this.slots) if (value !== undefined) out.push(value);
    return out;
  }

  private place(value: T): void {
    const slots = this.slots;
    const mask = this.mask;
    let i = (value.id >>> 1) & mask;
    while (slots[i] !== undefined) i = (i + 1) & mask;
    slots[i] = value;
  }

  private resize(capacity: number): void {
    const old = this.slots;
    this.slots = new Array<T | undefined>(capacity).fill(undefined);
    this.mask = capacity - 1;
    for (const value of old) if (value !== undefined) this.place(value);
  }
}

/** The read side of a {@link StreamIndex}, as the session's table hands it out. */
export interface ReadonlyStreamIndex<T extends Keyed> {
  readonly size: number;
  get(id: number): T | undefined;
  values(): T[];
}
