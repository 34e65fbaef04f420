import { Backoff, verifyBackoff } from "./backoff.ts";
import type { ResolvedAddress, Resolver, ResolverListener } from "./resolver.ts";

/** One lookup of the whole address list; rejects (or resolves empty) when it failed. */
export type Lookup = () => Promise<readonly ResolvedAddress[]>;

/** Timing of a {@link PollingResolver}. */
export interface PollingOptions {
  /** Periodic re-resolution, and the least time between two lookups that `resolveNow` asks for. Milliseconds. */
  readonly intervalMs: number;
  readonly random: () => number;
  /** Clock (tests). Default `performance.now`. */
  readonly now?: () => number;
}

/**
 * What the resolver is doing; one timer at most, in `waiting`:
 *
 * ```
 *  idle ──resolveNow──▶ looking ──ok──▶ waiting(interval) ──timer──▶ looking
 *                         │ fail                                        ▲
 *                         └──────────▶ waiting(backoff) ───timer────────┘
 *  any ──close()──▶ closed
 * ```
 */
type Phase =
  | { readonly t: "idle" }
  | { readonly t: "looking" }
  | { readonly t: "waiting"; readonly timer: ReturnType<typeof setTimeout>; readonly backoff: boolean }
  | { readonly t: "closed" };

/**
 * The scheduling every DNS-style resolver needs, around a {@link Lookup}: the first lookup on the
 * first `resolveNow()`, then one every `intervalMs` after the previous one started; `resolveNow()`
 * (a lost connection) looks up at once only if the last lookup started at least `intervalMs` ago
 * — otherwise the periodic lookup, due by then, serves it — so lookups are never more frequent
 * than that (gRPC's 30 s rule). A failed or empty lookup is reported with `onError` and retried
 * after a backoff of 1 s × 1.6 (±20 %) capped at `intervalMs`, which `resolveNow()` does not cut short.
 */
export class PollingResolver implements Resolver {
  private phase: Phase = { t: "idle" };
  private lastStart = -Infinity;
  private readonly backoff: Backoff;
  private readonly now: () => number;

  constructor(
    private readonly lookup: Lookup,
    private readonly listener: ResolverListener,
    private readonly options: PollingOptions,
  ) {
    const initialMs = Math.min(1000, options.intervalMs);
    this.backoff = new Backoff(verifyBackoff({ initialMs, maxMs: options.intervalMs }), options.random);
    this.now = options.now ?? (() => performance.now());
  }

  resolveNow(): void {
    const phase = this.phase;
    switch (phase.t) {
      case "idle":
        this.run();
        return;
      case "waiting":
        if (phase.backoff || this.now() - this.lastStart < this.options.intervalMs) return;
        clearTimeout(phase.timer);
        this.run();
        return;
      case "looking":
      case "closed":
        return;
    }
  }

  close(): void {
    if (this.phase.t === "waiting") clearTimeout(this.phase.timer);
    this.phase = { t: "closed" };
  }

  private run(): void {
    this.phase = { t: "looking" };
    this.lastStart = this.now();
    let lookup: Promise<readonly ResolvedAddress[]>;
    try {
      lookup = this.lookup();
    } catch (error) {
      lookup = Promise.reject(error);
    }
    lookup.then(
      (addresses) => {
        if (this.phase.t === "closed") return;
        if (addresses.length === 0) return this.failed(new Error("name resolution returned no addresses"));
        this.backoff.reset();
        this.wait(Math.max(0, this.lastStart + this.options.intervalMs - this.now()), false);
        this.listener.onAddresses(addresses);
      },
      (error: unknown) => {
        if (this.phase.t === "closed") return;
        this.failed(error instanceof Error ? error : new Error(String(error)));
      },
    );
  }

  private failed(error: Error): void {
    this.wait(this.backoff.next(), true);
    this.listener.onError(error);
  }

  private wait(delayMs: number, backoff: boolean): void {
    const timer = setTimeout(() => {
      if (this.phase.t === "waiting" && this.phase.timer === timer) this.run();
    }, delayMs);
    // A channel's periodic lookups must never keep the process alive.
    timer.unref?.();
    this.phase = { t: "waiting", timer, backoff };
  }
}
