import { Code } from "./code.ts";
import { RpcError } from "./rpc-error.ts";

/** setTimeout's ceiling (2^31 − 1 ms); longer deadlines re-arm when it fires. */
const maxTimerMs = 0x7fffffff;

/**
 * The effective deadline of a call in ms since the epoch: the earliest of `timeoutMs` (from `now`),
 * `deadline` and the inherited one. Throws `InvalidArgument` on values that are not times, so a
 * typo (`timeoutMs: "5s"`) fails loudly rather than meaning "no deadline".
 */
export function resolveDeadline(
  timeoutMs: number | undefined,
  deadline: number | Date | undefined,
  inherited: number | undefined,
  now: number,
): number | undefined {
  let result = inherited;
  if (timeoutMs !== undefined) {
    if (typeof timeoutMs !== "number" || Number.isNaN(timeoutMs) || timeoutMs < 0) {
      throw new RpcError(Code.InvalidArgument, `timeoutMs must be a number ≥ 0, got ${String(timeoutMs)}`);
    }
    if (timeoutMs !== Infinity) result = earliest(result, now + timeoutMs);
  }
  if (deadline !== undefined) {
    const at = deadline instanceof Date ? deadline.getTime() : deadline;
    if (typeof at !== "number" || Number.isNaN(at)) {
      throw new RpcError(Code.InvalidArgument, `deadline must be a Date or ms since the epoch, got ${String(deadline)}`);
    }
    if (at !== Infinity) result = earliest(result, at);
  }
  return result;
}

function earliest(a: number | undefined, b: number): number {
  return a === undefined || b < a ? b : a;
}

/** The `RpcError` every expired deadline produces, on both sides. */
export function deadlineExceeded(): RpcError {
  return new RpcError(Code.DeadlineExceeded, "deadline exceeded");
}

/**
 * One unref'd timer per call, firing `onExpire` at `deadline` (ms since the epoch). A class rather
 * than a closure pair so a call holds exactly one object for it; `clear` is the single close path.
 */
export class DeadlineTimer {
  #handle: ReturnType<typeof setTimeout> | undefined;
  readonly #deadline: number;
  readonly #onExpire: () => void;

  constructor(deadline: number, onExpire: () => void) {
    this.#deadline = deadline;
    this.#onExpire = onExpire;
    this.#arm();
  }

  #arm(): void {
    const remaining = this.#deadline - Date.now();
    this.#handle = setTimeout(() => this.#fire(), Math.min(Math.max(remaining, 0), maxTimerMs));
    (this.#handle as { unref?: () => void }).unref?.();
  }

  #fire(): void {
    this.#handle = undefined;
    if (Date.now() < this.#deadline) this.#arm();
    else this.#onExpire();
  }

  /** Cancels the timer; safe to call repeatedly. */
  clear(): void {
    if (this.#handle !== undefined) clearTimeout(this.#handle);
    this.#handle = undefined;
  }
}
