import { expect, test } from "bun:test";
import { defaultWireConfig, verifyWireConfig } from "./config.ts";
import { ErrorCode } from "./error-code.ts";
import { PROTOCOL_DEFAULTS } from "./constants.ts";
import { initialConnectionGrant, WindowTuner } from "./window-tuner.ts";
import { WireError } from "./wire-error.ts";

function tuner(config = defaultWireConfig) {
  const probes: Array<(rtt: number) => void> = [];
  const grown: number[][] = [];
  const pings = { minRttMs: 5, probe: (onAck: (rtt: number) => void) => void probes.push(onAck) };
  const t = new WindowTuner(config, { pings, windowsGrew: (w, d, c) => void grown.push([w, d, c]) });
  return { t, probes, grown };
}

test("the configured connection window is the protocol's default plus an initial grant", () => {
  expect(initialConnectionGrant(defaultWireConfig)).toBe(defaultWireConfig.initialConnectionWindow - PROTOCOL_DEFAULTS.initialConnectionWindow);
  expect(tuner().t.connection.available).toBe(defaultWireConfig.initialConnectionWindow);
});

test("connection credit comes back in half-target steps; overspending it is a connection FLOW_CONTROL_ERROR", () => {
  const { t } = tuner(verifyWireConfig({ initialConnectionWindow: 64 * 1024, initialStreamWindow: 64 * 1024, maxWindow: 64 * 1024 }));
  expect(t.received(20_000, 0)).toBe(0);
  expect(t.received(12_768, 0)).toBe(32_768);
  expect(t.connection.available).toBe(64 * 1024);
  let error: unknown;
  try {
    t.received(64 * 1024 + 1, 0);
  } catch (e) {
    error = e;
  }
  expect([(error as WireError).code, (error as WireError).scope]).toEqual([ErrorCode.FlowControlError, "connection"]);
});

test("bandwidth probing starts after a quarter stream window; a full sample on a short path grows the windows", () => {
  const config = verifyWireConfig({ initialStreamWindow: 64 * 1024, initialConnectionWindow: 128 * 1024 });
  const { t, probes, grown } = tuner(config);
  t.received(1000, 0);
  expect(probes).toHaveLength(0); // small calls never probe
  t.received(16 * 1024, 0);
  expect(probes).toHaveLength(1);
  t.received(60 * 1024, 1); // the sample nearly fills the window before the ACK
  probes[0]!(5); // 5 ms round trip, equal to the least one seen: no queueing, the window limits
  expect(grown).toHaveLength(1);
  const [window, delta, connection] = grown[0]!;
  expect(window!).toBeGreaterThan(64 * 1024);
  expect(delta).toBe(window! - 64 * 1024);
  expect(connection).toBe(window! - 128 * 1024); // the connection window keeps up with the stream window
  expect(t.streamWindow).toBe(window!);
});
