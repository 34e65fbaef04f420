import { BdpEstimator } from "./bdp-estimator.ts";
import type { WireConfig } from "./config.ts";
import { PROTOCOL_DEFAULTS } from "./constants.ts";
import { Window } from "./window.ts";

/** How the tuner measures: bandwidth probes and the least round trip seen (`PingPong`). */
export interface BandwidthProbe {
  /** Least round trip seen so far, in ms (the path's delay without queues). */
  readonly minRttMs: number;
  /** Sends a probe PING at `now`; `onAck` gets its round trip. */
  probe(onAck: (rttMs: number) => void, now: number): void;
}

/** What the tuner asks of its session. */
export interface TunerPort {
  /** The session's pings, which measure for the tuner (created on first use). */
  readonly pings: BandwidthProbe;
  /**
   * The receive windows grew: every stream's by `delta` to `streamWindow` (announced in SETTINGS)
   * and the connection's by `connectionIncrement` bytes (a WINDOW_UPDATE; 0 when it did not).
   */
  windowsGrew(streamWindow: number, delta: number, connectionIncrement: number): void;
}

/** Credit beyond the protocol's default that the configured connection window adds at the start (sent as a WINDOW_UPDATE; 0 for none). */
export function initialConnectionGrant(config: WireConfig): number {
  return Math.max(0, config.initialConnectionWindow - PROTOCOL_DEFAULTS.initialConnectionWindow);
}

/**
 * Our receive side of connection flow control (PROTOCOL.md §7): the connection window the peer
 * spends, the target it is kept open at, and its growth from the measured bandwidth-delay product
 * ({@link BdpEstimator}). Stream windows follow the same growth; the session applies it to them.
 * Created with the first flow-controlled data: an idle connection has none of it.
 */
export class WindowTuner {
  /** Connection-level credit we granted the peer: the protocol's default plus our {@link initialConnectionGrant}. */
  readonly connection: Window;
  /** The connection window we keep open (it grows with the stream window). */
  private target: number;
  /** Created once enough data has arrived to be worth measuring (idle connections never measure). */
  private bdp: BdpEstimator | undefined;

  constructor(
    private readonly config: WireConfig,
    private readonly port: TunerPort,
  ) {
    this.target = config.initialConnectionWindow;
    this.connection = new Window(PROTOCOL_DEFAULTS.initialConnectionWindow + initialConnectionGrant(config), "connection");
  }

  /** The receive window granted to each stream now. */
  get streamWindow(): number {
    return this.bdp?.window ?? this.config.initialStreamWindow;
  }

  /**
   * `bytes` of flow-controlled data arrived at `at`: charged to the connection window (the peer
   * overspending is a FLOW_CONTROL_ERROR). Returns the WINDOW_UPDATE increment to send now, or 0:
   * connection credit is returned as data arrives (streams hold back their own), half the target
   * at a time.
   */
  received(bytes: number, at: number): number {
    const window = this.connection;
    window.consume(bytes);
    // Probing starts once a quarter of a stream window has arrived: a connection that only ever
    // carries small calls cannot be window-limited, so it sends no probes and keeps no estimator
    // (nor a ping tracker on this side, nor a ping budget on the peer's).
    if (this.bdp !== undefined || window.unannounced + bytes >= this.config.initialStreamWindow / 4) {
      this.bdp ??= new BdpEstimator(this.config.initialStreamWindow, Math.max(this.config.maxWindow, this.config.initialStreamWindow));
      if (this.bdp.received(bytes, at)) this.port.pings.probe((rttMs) => this.probeAcked(rttMs), at); // a closure per probe (≤ 4/s), none per connection
    }
    return window.release(bytes, this.target / 2);
  }

  private probeAcked(rttMs: number): void {
    const bdp = this.bdp!;
    const before = bdp.window;
    const grown = bdp.acked(rttMs, this.port.pings.minRttMs);
    if (grown === undefined) return;
    let increment = 0;
    if (grown > this.target) {
      increment = grown - this.target;
      this.target = grown;
      this.connection.grant(increment);
    }
    this.port.windowsGrew(grown, grown - before, increment);
  }
}
