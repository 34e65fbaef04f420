import { ErrorCode } from "./error-code.ts";
import { WireError, type ErrorScope } from "./wire-error.ts";

/** Largest window a peer may grant (PROTOCOL.md §7, as HTTP/2): 2^31 − 1 bytes. */
export const MAX_WINDOW_SIZE = 2 ** 31 - 1;

/**
 * Credit and the two rules every window has (PROTOCOL.md §7): `available` never exceeds
 * {@link MAX_WINDOW_SIZE} (a grant past it is a FLOW_CONTROL_ERROR), and a consume larger than
 * `available` is the peer overspending (also FLOW_CONTROL_ERROR, in the window's scope). The base
 * of {@link Window}, and of a stream's send queue, which is its own send credit: a stream's scope
 * is always "stream", so it keeps no scope field and no receive-side count (every call opens a
 * stream on each side; a field fewer keeps it in a smaller heap cell).
 */
export abstract class Credit {
  /** Credit left: bytes that may still be sent (may go negative after a SETTINGS shrink). */
  available: number;

  constructor(size: number) {
    this.available = size;
  }

  /** Whose credit this is, for the errors it throws: one stream's, or the connection's. */
  protected abstract readonly scope: ErrorScope;

  /** Spends `bytes` of credit; the peer sending more than it was granted is a FLOW_CONTROL_ERROR. */
  consume(bytes: number): void {
    if (bytes > this.available) {
      throw new WireError(ErrorCode.FlowControlError, `peer sent ${bytes} bytes with ${this.available} bytes of ${this.scope} credit`, { scope: this.scope });
    }
    this.available -= bytes;
  }

  /** Credit granted (WINDOW_UPDATE, a SETTINGS change of the initial window — may be negative — or our own growth). */
  grant(increment: number): void {
    const available = this.available + increment;
    if (available > MAX_WINDOW_SIZE) throw new WireError(ErrorCode.FlowControlError, `${this.scope} send window overflow`, { scope: this.scope });
    this.available = available;
  }
}

/**
 * One flow-control window (PROTOCOL.md §7): the connection's, on the sending side (credit the
 * peer granted us) and the receiving side (credit we granted the peer), after hyperium/h2's
 * `FlowControl`; also usable for a stream's (streams keep theirs as fields of their own, see
 * {@link Credit} and `ReceiveCredit`).
 *
 * On the sending side the scheduler checks credit before framing, so a consume never fails there.
 * On the receiving side, credit the reader has consumed is `unannounced` until at least the
 * threshold has gathered (half the window, as h2): then {@link release} returns it as one
 * WINDOW_UPDATE increment instead of one per message.
 */
export class Window extends Credit {
  /** Receiving side: bytes the reader consumed that the peer has not been told about yet. */
  unannounced = 0;

  constructor(
    size: number,
    /** Whose window this is, for the errors it throws: one stream's, or the connection's. */
    protected readonly scope: ErrorScope,
  ) {
    super(size);
  }

  /**
   * Receiving side: the reader consumed `bytes`. Returns the increment to announce (and counts it
   * as available again) once `threshold` bytes are unannounced, else 0: updates are batched.
   */
  release(bytes: number, threshold: number): number {
    const unannounced = this.unannounced + bytes;
    if (unannounced < threshold) {
      this.unannounced = unannounced;
      return 0;
    }
    this.unannounced = 0;
    this.available += unannounced;
    return unannounced;
  }
}
