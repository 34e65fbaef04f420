/**
 * Issue 14, clients that are valid but as heavy as the limits allow — the largest header blocks,
 * the largest messages — and peers that are slow on purpose: slowloris connections and a client
 * that never reads its replies. The server keeps serving its other connections fairly, and its
 * memory stays within what its limits promise.
 */
import { describe, test } from "bun:test";
import { expectBystanderHeld, expectServerBounded, mib } from "../support/expectations.ts";
import { CLASS_TIMEOUT_MS, runScenario } from "../support/scenario.ts";

/** Calls in flight of the 4 MiB client (class 9). */
const BIG_CALLS = 16;

describe("heavy and slow clients", () => {
  test("8. maximal metadata: ~16 KiB header blocks, 100 calls in flight → the bystander's figure holds", async () => {
    const o = await runScenario({ klass: 8, name: "maximal metadata", attack: "maximal-metadata" });
    expectBystanderHeld(o);
    expectServerBounded(o);
  }, CLASS_TIMEOUT_MS);

  test("9. maximal messages: 4 MiB echo calls back to back → the bystander's figure holds", async () => {
    const o = await runScenario({ klass: 9, name: "maximal messages", attack: "maximal-messages", argument: BIG_CALLS });
    expectBystanderHeld(o);
    // What the calls in flight hold: a request and a reply of 4 MiB each, plus slack.
    expectServerBounded(o, { heldHeap: BIG_CALLS * mib(8) + mib(32) });
  }, CLASS_TIMEOUT_MS);

  test("10. slowloris (200 connections, a frame header then a byte per second) and a stopped reader → bounded memory", async () => {
    const o = await runScenario({ klass: 10, name: "slowloris + stopped reader", attack: "slow-peers" });
    expectBystanderHeld(o);
    // The stopped reader's 100 admitted 1 MiB replies wait in their streams (maxConcurrentStreams ×
    // reply size); 200 partial frames of 16,000 bytes; the connections themselves.
    expectServerBounded(o, { heldHeap: mib(100) + mib(32), queuedControlFrames: 1000 * 201, unwrittenBytes: 201 * mib(2) });
  }, CLASS_TIMEOUT_MS);
});
