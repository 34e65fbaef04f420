import { type Channel, createChannel, createClient } from "strand";
import { AbuseService } from "../shared/abuse-service.ts";

/** What the bystander saw over one window. */
export interface BystanderSample {
  /** Latency of every call, ms. */
  readonly latencies: readonly number[];
  /** Calls that failed or came back wrong (the suite requires none). */
  readonly failures: number;
  readonly firstFailure: string | undefined;
  /** 99th percentile of `latencies`, ms. */
  readonly p99: number;
}

/** Pause between two calls, ms: a steady caller rather than a second flood. */
const GAP_MS = 1;

/**
 * The well-behaved neighbour: a normal channel and client in the test process, making one small
 * `echo` call after another and timing each. Its p99 alone and under attack is the figure
 * issue 14 holds the server to.
 */
export class Bystander implements Disposable {
  private readonly channel: Channel;
  private readonly client;
  private readonly payload = new Uint8Array(32).fill(42);

  constructor(target: string) {
    this.channel = createChannel(target);
    this.client = createClient(AbuseService, this.channel);
  }

  /** Calls until `done()` says so and at least `minSamples` calls were made. */
  async run(done: () => boolean, minSamples: number): Promise<BystanderSample> {
    const latencies: number[] = [];
    let failures = 0;
    let firstFailure: string | undefined;
    while (latencies.length < minSamples || !done()) {
      const start = performance.now();
      try {
        const reply = await this.client.echo(this.payload, { timeoutMs: 10_000 });
        if (reply.length !== this.payload.length) throw new Error(`echo of ${reply.length} bytes, sent ${this.payload.length}`);
      } catch (error) {
        failures++;
        firstFailure ??= String(error);
      }
      latencies.push(performance.now() - start);
      await Bun.sleep(GAP_MS);
    }
    return { latencies, failures, firstFailure, p99: percentile(latencies, 0.99) };
  }

  [Symbol.dispose](): void {
    this.channel.close();
  }
}

/** The `q` quantile (nearest rank) of `values`. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

/** Stops after `ms` from now. */
export function forMs(ms: number): () => boolean {
  const end = performance.now() + ms;
  return () => performance.now() >= end;
}
