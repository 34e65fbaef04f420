import { Counter, type Registry } from "prom-client";

/** What a server's `connectionTotals` holds (`strand`'s `Server`): running totals since it started, open and closed connections alike. */
export interface ConnectionTotalsFigures {
  readonly opened: number;
  readonly closed: number;
  readonly bytesReceived: number;
  readonly bytesSent: number;
  readonly pingsSent: number;
  readonly pingsReceived: number;
  readonly goAwaysSent: number;
  readonly goAwaysReceived: number;
  readonly resetsSent: number;
  readonly resetsReceived: number;
  readonly streamWindowStalls: number;
  readonly connectionWindowStalls: number;
}

type Total = keyof ConnectionTotalsFigures;

/** The counters read from `connectionTotals`: name suffix, help, and the figure for each label set. */
const TOTAL_COUNTERS: readonly { readonly suffix: string; readonly help: string; readonly label?: string; readonly figures: Readonly<Record<string, Total>> }[] = [
  { suffix: "server_connections_opened_total", help: "Connections the watched servers accepted (ready: handshake done).", figures: { "": "opened" } },
  { suffix: "server_connections_closed_total", help: "Connections of the watched servers that closed, for any reason.", figures: { "": "closed" } },
  { suffix: "server_received_bytes_total", help: "Bytes read from the watched servers' connections (frames and their headers, all streams).", figures: { "": "bytesReceived" } },
  { suffix: "server_sent_bytes_total", help: "Bytes the watched servers' connections wrote.", figures: { "": "bytesSent" } },
  { suffix: "server_pings_total", help: "PING frames: sent by the servers (keep-alive, bandwidth probes) and received from clients.", label: "direction", figures: { sent: "pingsSent", received: "pingsReceived" } },
  { suffix: "server_goaways_total", help: "GOAWAY frames sent (drains, connection errors) and received.", label: "direction", figures: { sent: "goAwaysSent", received: "goAwaysReceived" } },
  { suffix: "server_stream_resets_total", help: "RST_STREAM frames sent (cancels, refusals, stream errors) and received.", label: "direction", figures: { sent: "resetsSent", received: "resetsReceived" } },
  {
    suffix: "server_flow_control_stalls_total",
    help: "Writes that stopped because the client's window was spent: per stream (it reads that stream slower than we answer) or for the whole connection.",
    label: "window",
    figures: { stream: "streamWindowStalls", connection: "connectionWindowStalls" },
  },
];

/**
 * Registers the connection counters, read at scrape time from the watched servers' running
 * totals (`sum`): a server counts them anyway (one add per socket read and write), so Prometheus
 * gets bytes, pings, GOAWAYs, resets and flow-control stalls without any per-call work here.
 */
export function registerConnectionTotals(prefix: string, registry: Registry, sum: (figure: Total) => number): void {
  for (const { suffix, help, label, figures } of TOTAL_COUNTERS) {
    new Counter({
      name: `${prefix}${suffix}`,
      help,
      labelNames: label === undefined ? [] : [label],
      registers: [registry],
      collect() {
        // A counter cannot be set: reset, then add the total (a server no longer watched drops out, which rate() reads as a reset).
        this.reset();
        for (const [value, figure] of Object.entries(figures)) {
          if (label === undefined) this.inc(sum(figure));
          else this.inc({ [label]: value }, sum(figure));
        }
      },
    });
  }
}
