import type { AttackReport } from "../shared/attacker-report.ts";
import { RawConnection } from "./raw-connection.ts";

/**
 * One attack run: whether it should keep going, the connections it holds, how those that ended
 * ended, and its counters. A persistent attacker reconnects as soon as it is thrown out, so the
 * attack lasts the whole measuring window however fast the server cuts it off.
 */
export class Campaign {
  /** False once the suite said `stop`: loops finish their current step and return. */
  active = true;
  /** Resolves at `stop`, to wake loops that wait for a socket that will never drain. */
  readonly stopped: Promise<void>;
  readonly counters: Record<string, number> = {};
  private readonly endings: Record<string, number> = {};
  private readonly live = new Set<RawConnection>();
  private readonly closers: Array<() => void | Promise<void>> = [];
  private stopNow!: () => void;
  private startedOnce = false;

  /**
   * @param port the server's loopback port
   * @param onStarted called once, when the attack first reaches the server
   */
  constructor(
    readonly port: number,
    private readonly onStarted: () => void,
  ) {
    this.stopped = new Promise((resolve) => (this.stopNow = resolve));
  }

  /** The attack is under way (the first connection is up, or the real client's first call went out). */
  started(): void {
    if (this.startedOnce) return;
    this.startedOnce = true;
    this.onStarted();
  }

  /** Ends the attack's loops. */
  stop(): void {
    this.active = false;
    this.stopNow();
  }

  /** Adds `n` to counter `name`. */
  count(name: string, n = 1): void {
    this.counters[name] = (this.counters[name] ?? 0) + n;
  }

  /** Opens a connection whose ending is recorded when it closes. */
  async connect(): Promise<RawConnection> {
    const conn = await RawConnection.open(this.port);
    this.count("connections");
    this.live.add(conn);
    void conn.whenClosed().then(() => {
      this.live.delete(conn);
      this.record(conn.ending);
    });
    this.started();
    return conn;
  }

  /** Records an ending that is not a raw connection's close (a failed connect, a real client's call). */
  record(ending: string, n = 1): void {
    this.endings[ending] = (this.endings[ending] ?? 0) + n;
  }

  /** Runs `close` when the suite says `close` (a real client's channel). */
  atClose(close: () => void | Promise<void>): void {
    this.closers.push(close);
  }

  /**
   * Runs `attack` on a fresh connection, again and again until stopped: `attack` returns when its
   * connection closed (or the campaign stopped). `parallel` loops run at once.
   */
  async persist(attack: (conn: RawConnection) => Promise<void>, parallel = 1): Promise<void> {
    const loop = async (): Promise<void> => {
      while (this.active) {
        let conn: RawConnection;
        try {
          conn = await this.connect();
        } catch (error) {
          this.record(`connect failed: ${(error as Error).message}`);
          await Bun.sleep(10);
          continue;
        }
        await attack(conn);
      }
    };
    await Promise.all(Array.from({ length: parallel }, loop));
  }

  /** Endings so far, with connections still open counted as `open`. */
  report(): AttackReport {
    const endings = { ...this.endings };
    if (this.live.size > 0) endings["open"] = (endings["open"] ?? 0) + this.live.size;
    return { endings, counters: { ...this.counters } };
  }

  /** Closes every connection still open, and real clients. */
  async closeAll(): Promise<void> {
    for (const c of [...this.live]) c.kill();
    for (const close of this.closers) await close();
  }
}

/** Floods `conn` with `burst` until it closes or the campaign stops, honouring TCP backpressure. */
export async function flood(campaign: Campaign, conn: RawConnection, burst: Uint8Array, counter: string, perBurst: number): Promise<void> {
  let sinceYield = 0;
  while (campaign.active && !conn.closed) {
    const whole = conn.write(burst);
    campaign.count(counter, perBurst);
    if (!whole) await Promise.race([conn.drained(), campaign.stopped]);
    else if (++sinceYield >= 8) {
      sinceYield = 0;
      await new Promise<void>((r) => setImmediate(r)); // let the server's answers (GOAWAY) in
    }
  }
}

/** Resolves with the first frame `match` accepts on `conn`, or undefined once it closed. */
export function nextFrame(conn: RawConnection, match: (type: number, flags: number, streamId: number) => boolean): Promise<boolean> {
  return new Promise((resolve) => {
    conn.onFrameSeen = (f) => {
      if (match(f.type, f.flags, f.streamId)) resolve(true);
    };
    void conn.whenClosed().then(() => resolve(false));
  });
}
