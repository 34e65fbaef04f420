import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import type { MethodLabels } from "./method-labels.ts";

/** Which end of the call a set of instruments measures: the metric names' `server_` / `client_` part. */
export type Side = "server" | "client";

/**
 * One side's per-call instruments, go-grpc-prometheus' set: started, handled (by code), handling
 * time, messages each way and calls in flight. The recording methods take the labels object the
 * {@link MethodLabelCache} keeps, so a call allocates no label objects of its own.
 */
export class CallInstruments {
  private readonly started: Counter<"service" | "method" | "type">;
  private readonly handled: Counter<"service" | "method" | "type" | "code">;
  private readonly seconds: Histogram<"service" | "method" | "type">;
  private readonly received: Counter<"service" | "method" | "type">;
  private readonly sent: Counter<"service" | "method" | "type">;
  private readonly inFlight: Gauge<"service" | "method">;

  constructor(side: Side, prefix: string, registry: Registry, buckets: readonly number[]) {
    const p = `${prefix}${side}_`;
    const who = side === "server" ? "the server" : "the client";
    const labelNames = ["service", "method", "type"] as const;
    const registers = [registry];
    this.started = new Counter({ name: `${p}started_total`, help: `RPCs started on ${who}.`, labelNames, registers });
    this.handled = new Counter({ name: `${p}handled_total`, help: `RPCs completed on ${who}, by gRPC status code.`, labelNames: [...labelNames, "code"], registers });
    this.seconds = new Histogram({
      name: `${p}handling_seconds`,
      help: side === "server" ? "Time from the call's start to its status, as the server's interceptor sees it." : "Time from the call's start to its status, as the client's interceptor sees it.",
      labelNames,
      buckets: [...buckets],
      registers,
    });
    this.received = new Counter({ name: `${p}msg_received_total`, help: `Messages received by ${who}.`, labelNames, registers });
    this.sent = new Counter({ name: `${p}msg_sent_total`, help: `Messages sent by ${who}.`, labelNames, registers });
    this.inFlight = new Gauge({ name: `${p}in_flight`, help: `RPCs started on ${who} and not yet completed.`, labelNames: ["service", "method"], registers });
  }

  /** A call started; returns its start time for {@link handled}. */
  start(labels: MethodLabels): number {
    this.started.inc(labels);
    this.inFlight.inc({ service: labels.service, method: labels.method });
    return performance.now();
  }

  /** A call ended with `code` (gRPC spelling), `startedAt` being what {@link start} returned. */
  handle(labels: MethodLabels, code: string, startedAt: number): void {
    this.handled.inc({ service: labels.service, method: labels.method, type: labels.type, code });
    this.seconds.observe(labels, (performance.now() - startedAt) / 1000);
    this.inFlight.dec({ service: labels.service, method: labels.method });
  }

  /** One message came in. */
  receivedMessage(labels: MethodLabels): void {
    this.received.inc(labels);
  }

  /** One message went out. */
  sentMessage(labels: MethodLabels): void {
    this.sent.inc(labels);
  }
}
