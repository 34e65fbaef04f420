import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import type { MethodLabels } from "./method-labels.ts";

/** Which end of the call a set of instruments measures: the metric names' `server_` / `client_` part. */
export type Side = "server" | "client";

/**
 * One method's counts on one side, plain numbers bumped per call and per message. prom-client
 * hashes a label set on every `inc` (sorting and joining its values); counting here and handing
 * the totals over at scrape time keeps that off the call path — a hash per call instead of seven.
 */
export class MethodSeries {
  started = 0;
  received = 0;
  sent = 0;
  inFlight = 0;
  /** Calls handled, by gRPC status code name. */
  readonly handled = new Map<string, number>();

  constructor(readonly labels: MethodLabels) {}
}

type Labels = "service" | "method" | "type";

/**
 * One side's per-call instruments, go-grpc-prometheus' set: started, handled (by code), handling
 * time, messages each way and calls in flight. Counts live in {@link MethodSeries} (one per method,
 * found by the label object the `MethodLabelCache` keeps) and reach prom-client in its `collect`
 * callbacks, when Prometheus scrapes; only the handling-time histogram is observed per call.
 */
export class CallInstruments {
  private readonly series = new Map<MethodLabels, MethodSeries>();
  private readonly seconds: Histogram<Labels>;

  constructor(side: Side, prefix: string, registry: Registry, buckets: readonly number[]) {
    const p = `${prefix}${side}_`;
    const who = side === "server" ? "the server" : "the client";
    const labelNames = ["service", "method", "type"] as const;
    const registers = [registry];
    const all = this.series;
    const counter = (name: string, help: string, read: (s: MethodSeries) => number): void =>
      void new Counter({
        name,
        help,
        labelNames,
        registers,
        collect() {
          // A counter cannot be set: reset, then add each method's total.
          this.reset();
          for (const s of all.values()) this.inc(s.labels, read(s));
        },
      });
    counter(`${p}started_total`, `RPCs started on ${who}.`, (s) => s.started);
    new Counter({
      name: `${p}handled_total`,
      help: `RPCs completed on ${who}, by gRPC status code.`,
      labelNames: [...labelNames, "code"],
      registers,
      collect() {
        this.reset();
        for (const s of all.values()) for (const [code, n] of s.handled) this.inc({ ...s.labels, code }, n);
      },
    });
    this.seconds = new Histogram({
      name: `${p}handling_seconds`,
      help: side === "server" ? "Time from the call's start to its status, as the server's interceptor sees it." : "Time from the call's start to its status, as the client's interceptor sees it.",
      labelNames,
      buckets: [...buckets],
      registers,
    });
    counter(`${p}msg_received_total`, `Messages received by ${who}.`, (s) => s.received);
    counter(`${p}msg_sent_total`, `Messages sent by ${who}.`, (s) => s.sent);
    new Gauge({
      name: `${p}in_flight`,
      help: `RPCs started on ${who} and not yet completed.`,
      labelNames: ["service", "method"],
      registers,
      collect() {
        this.reset();
        // Summed by (service, method): several call types never share a method, but stay exact if they did.
        for (const s of all.values()) this.inc({ service: s.labels.service, method: s.labels.method }, s.inFlight);
      },
    });
  }

  /** A call started: its method's series, counted in. */
  start(labels: MethodLabels): MethodSeries {
    let s = this.series.get(labels);
    if (s === undefined) {
      s = new MethodSeries(labels);
      this.series.set(labels, s);
    }
    s.started++;
    s.inFlight++;
    return s;
  }

  /** A call ended with `code` (gRPC spelling) after `seconds`. */
  handle(s: MethodSeries, code: string, seconds: number): void {
    s.handled.set(code, (s.handled.get(code) ?? 0) + 1);
    s.inFlight--;
    this.seconds.observe(s.labels, seconds);
  }
}
