import { ErrorCode } from "./error-code.ts";
import { SendQueue } from "./send-queue.ts";
import { WireError } from "./wire-error.ts";

/**
 * A stream's receive credit (PROTOCOL.md §7): what we granted the peer, and what the owner
 * consumed that the peer was not told about yet. The same rules as a {@link Window}'s `consume` and
 * `release`, kept as two numbers of the stream itself (its base class) rather than a `Window`
 * object of its own: every call opens a stream on each side, and this is one allocation less each.
 * Its own base is the stream's {@link SendQueue} (with the send credit) for the same reason: the
 * stream is its send queue, one object where there were two.
 */
export abstract class ReceiveCredit extends SendQueue {
  /** Credit the peer has left on this stream. */
  protected recvAvailable: number;
  private recvUnannounced = 0;

  /** `sendCredit`: the peer's initial stream window; `initial`: the one we grant the peer. */
  constructor(sendCredit: number, initial: number) {
    super(sendCredit);
    this.recvAvailable = initial;
  }

  /** The peer sent `bytes`; more than it was granted is a FLOW_CONTROL_ERROR of this stream. */
  protected consumeCredit(bytes: number): void {
    if (bytes > this.recvAvailable) {
      throw new WireError(ErrorCode.FlowControlError, `peer sent ${bytes} bytes with ${this.recvAvailable} bytes of stream credit`, { scope: "stream" });
    }
    this.recvAvailable -= bytes;
  }

  /** The owner consumed `bytes`: the increment to announce once `threshold` bytes gathered (counted as granted again), else 0 — updates are batched. */
  protected releaseCredit(bytes: number, threshold: number): number {
    const unannounced = this.recvUnannounced + bytes;
    if (unannounced < threshold) {
      this.recvUnannounced = unannounced;
      return 0;
    }
    this.recvUnannounced = 0;
    this.recvAvailable += unannounced;
    return unannounced;
  }
}
