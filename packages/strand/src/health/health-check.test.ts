import { expect, test } from "bun:test";
import { Code, RpcError } from "@strand/rpc";
import { createMemoryPair, TestService } from "@strand/rpc/testing";
import { verifyBackoff } from "@strand/tcp";
import { Health, HealthCheckResponse_ServingStatus as ServingStatus } from "../gen/grpc/health/v1/health.ts";
import { healthReadiness } from "./health-check.ts";

const backoff = verifyBackoff({ initialMs: 10, maxMs: 10 });
const until = async (condition: () => boolean, what: string): Promise<void> => {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
};

test("reports every status of the watched service: only SERVING counts as serving; abort ends the watch", async () => {
  const statuses = [ServingStatus.SERVING, ServingStatus.NOT_SERVING, ServingStatus.SERVICE_UNKNOWN, ServingStatus.SERVING];
  let watched = "";
  let ended = false;
  const pair = createMemoryPair(Health, {
    async *watch(request, ctx) {
      watched = request.service;
      for (const status of statuses) yield { status };
      await new Promise((resolve) => ctx.signal.addEventListener("abort", resolve));
      ended = true;
    },
  });
  const reports: boolean[] = [];
  const stop = new AbortController();
  healthReadiness({ service: "acme.Ledger", backoff, onUnimplemented: () => {} })(pair.transport, (s) => reports.push(s), stop.signal);
  await until(() => reports.length === 4, "four reports");
  expect(watched).toBe("acme.Ledger");
  expect(reports).toEqual([true, false, false, true]);
  stop.abort();
  await until(() => ended, "the server seeing the watch cancelled");
});

test("a watch that fails counts as not serving and is opened again (after the backoff when it had not answered)", async () => {
  let calls = 0;
  const pair = createMemoryPair(Health, {
    async *watch() {
      calls++;
      if (calls === 2) throw new RpcError(Code.Internal, "no answer this time");
      yield { status: ServingStatus.SERVING };
      if (calls === 1) throw new RpcError(Code.Internal, "lost");
      await new Promise(() => {});
    },
  });
  const reports: boolean[] = [];
  const stop = new AbortController();
  healthReadiness({ service: "", backoff, onUnimplemented: () => {} })(pair.transport, (s) => reports.push(s), stop.signal);
  await until(() => calls === 3 && reports.length === 4, "the third watch answering");
  expect(reports).toEqual([true, false, false, true]);
  stop.abort();
});

test("a server without the health service counts as serving, and the check stops", async () => {
  const pair = createMemoryPair(TestService, { echo: (m) => m });
  const reports: boolean[] = [];
  let unimplemented = 0;
  healthReadiness({ service: "", backoff, onUnimplemented: () => unimplemented++ })(pair.transport, (s) => reports.push(s), new AbortController().signal);
  await until(() => reports.length === 1, "a report");
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(reports).toEqual([true]);
  expect(unimplemented).toBe(1);
  expect(pair.transport.opened).toBe(1);
});
