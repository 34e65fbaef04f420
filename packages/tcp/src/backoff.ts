/** Reconnect backoff parameters (gRPC connection-backoff.md). */
export interface BackoffOptions {
  /** First delay. Milliseconds; 1,000. */
  readonly initialMs: number;
  /** Growth per attempt. Factor; 1.6. */
  readonly multiplier: number;
  /** Random spread around each delay, as a fraction. 0.2 (±20 %). */
  readonly jitter: number;
  /** Ceiling of the delay. Milliseconds; 120,000. */
  readonly maxMs: number;
  /** Shortest time a connection attempt is given. Milliseconds; 20,000. */
  readonly minConnectTimeoutMs: number;
}

/** gRPC's defaults. */
export const defaultBackoff: BackoffOptions = Object.freeze({
  initialMs: 1000,
  multiplier: 1.6,
  jitter: 0.2,
  maxMs: 120_000,
  minConnectTimeoutMs: 20_000,
});

/** Merges over the defaults and rejects nonsense at construction. */
export function verifyBackoff(input: Partial<BackoffOptions> = {}): BackoffOptions {
  const options = { ...defaultBackoff, ...input };
  const check = (name: keyof BackoffOptions, ok: boolean): void => {
    if (!ok) throw new RangeError(`backoff.${name} is invalid: ${String(options[name])}`);
  };
  check("initialMs", Number.isFinite(options.initialMs) && options.initialMs >= 0);
  check("multiplier", Number.isFinite(options.multiplier) && options.multiplier >= 1);
  check("jitter", Number.isFinite(options.jitter) && options.jitter >= 0 && options.jitter < 1);
  check("maxMs", Number.isFinite(options.maxMs) && options.maxMs >= options.initialMs);
  check("minConnectTimeoutMs", Number.isFinite(options.minConnectTimeoutMs) && options.minConnectTimeoutMs > 0);
  return Object.freeze(options);
}

/**
 * Exponential backoff with jitter, exactly as gRPC specifies: the n-th retry waits
 * `min(initial × multiplier^n, max)` ± jitter; a successful connection resets it.
 */
export class Backoff {
  private current: number;

  constructor(
    private readonly options: BackoffOptions,
    private readonly random: () => number = Math.random,
  ) {
    this.current = options.initialMs;
  }

  /** The delay before the next attempt, in ms; advances the sequence. */
  next(): number {
    const base = this.current;
    this.current = Math.min(base * this.options.multiplier, this.options.maxMs);
    const spread = base * this.options.jitter;
    return Math.max(0, base + (this.random() * 2 - 1) * spread);
  }

  /** How long the next attempt may take: max(minConnectTimeout, current backoff). */
  get connectTimeoutMs(): number {
    return Math.max(this.options.minConnectTimeoutMs, this.current);
  }

  reset(): void {
    this.current = this.options.initialMs;
  }
}
