/** Blocks up to this size are copied out of the read; larger ones are handed on as views. */
const SMALL_BLOCK = 64;
/** How many recent small blocks are remembered, process-wide. */
const REMEMBERED = 4;

const EMPTY = new Uint8Array(0);
const copy = Uint8Array.prototype.slice;

/** The last few small blocks taken, by any connection of this process (replaced round-robin). */
const recent: Uint8Array[] = [];
let victim = 0;

/**
 * A header block as a stream receives it: `source[start, end)`. A small block is copied out of the
 * socket read, so a stream that keeps it (trailers, a long call's request head) does not pin the
 * whole read; and one equal to a recent small block is that same copy again, since calls repeat
 * their blocks — the same path with no metadata, plain OK trailers. Comparing a few dozen bytes
 * costs less than a view of them, let alone a copy. Process-wide rather than per connection, so
 * an idle connection keeps nothing. Owners only read blocks; one shared by several streams is
 * never changed.
 */
export function takeHeaderBlock(source: Uint8Array, start: number, end: number): Uint8Array {
  const length = end - start;
  if (length === 0) return EMPTY;
  if (length > SMALL_BLOCK) return source.subarray(start, end);
  search: for (const block of recent) {
    if (block.length !== length) continue;
    for (let i = 0; i < length; i++) if (block[i] !== source[start + i]) continue search;
    return block;
  }
  // Uint8Array's own slice: on a Node Buffer, `slice` would be a view.
  const block = copy.call(source, start, end);
  if (recent.length < REMEMBERED) recent.push(block);
  else {
    recent[victim] = block;
    victim = (victim + 1) % REMEMBERED;
  }
  return block;
}
