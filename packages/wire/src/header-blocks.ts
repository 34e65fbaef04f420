/** Blocks up to this size are copied out of the read; larger ones are handed on as views. */
const SMALL_BLOCK = 64;

const EMPTY = new Uint8Array(0);

/**
 * Header blocks as a connection's streams receive them. A small block is copied out of the socket
 * read, so a stream that keeps it (trailers, a long call's request head) does not pin the whole
 * read; and one equal to the previous small block is that same copy again, since calls repeat
 * their blocks — the same path with no metadata, plain OK trailers. Comparing a few dozen bytes
 * costs less than a view of them, let alone a copy. Owners only read blocks; one shared by
 * several streams is never changed.
 */
export class HeaderBlocks {
  private last: Uint8Array = EMPTY;

  /** The block `source[start, end)`. */
  take(source: Uint8Array, start: number, end: number): Uint8Array {
    const length = end - start;
    if (length === 0) return EMPTY;
    if (length > SMALL_BLOCK) return source.subarray(start, end);
    const last = this.last;
    if (last.length === length) {
      let i = 0;
      while (i < length && last[i] === source[start + i]) i++;
      if (i === length) return last;
    }
    // Uint8Array's own slice: on a Node Buffer, `slice` would be a view.
    return (this.last = copy.call(source, start, end));
  }
}

const copy = Uint8Array.prototype.slice;
