/**
 * The structured logger over real sockets: connections opened and closed, GOAWAYs both ways,
 * protocol errors with their codes, handler failures — each a record with an `event` field, at
 * the levels docs/logging.md lists — and the pino adapter docs/logging.md shows, writing JSON lines.
 */
import { expect, test } from "bun:test";
import pino from "pino";
import { createChannel, createClient, createServer, type LogFields, type Logger } from "strand";
import { TestService } from "@strand/rpc/testing";
import { listenLocal, portOf } from "../support/listen.ts";

interface Line {
  readonly level: string;
  readonly message: string;
  readonly fields: LogFields;
  readonly error?: unknown;
}

/** A logger with every level, keeping what it is told. */
function recording(): Logger & { readonly lines: Line[]; events(level?: string): string[] } {
  const lines: Line[] = [];
  return {
    lines,
    events: (level) => lines.filter((l) => level === undefined || l.level === level).map((l) => String(l.fields["event"])),
    error: (message, error, fields = {}) => void lines.push({ level: "error", message, fields, error }),
    warn: (message, fields) => void lines.push({ level: "warn", message, fields }),
    info: (message, fields) => void lines.push({ level: "info", message, fields }),
    debug: (message, fields) => void lines.push({ level: "debug", message, fields }),
  };
}

function echoServer(logger: Logger) {
  return createServer({ logger }).add(TestService, {
    async echo(req) {
      if (req.text === "bug") throw new TypeError("handler bug");
      if (req.text === "slow") await Bun.sleep(100);
      return req;
    },
  });
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) await Bun.sleep(5);
}

test("a connection's life at info: opened, the client's GOAWAY, closed with its bytes; a handler failure at error with its method", async () => {
  const log = recording();
  await using server = echoServer(log);
  const target = await listenLocal(server);
  const channel = createChannel(target);
  const client = createClient(TestService, channel);
  expect((await client.echo({ text: "hi" })).text).toBe("hi");
  await expect(client.echo({ text: "bug" })).rejects.toThrow("internal error");
  await expect(client.echo({ text: "slow" }, { timeoutMs: 10 })).rejects.toThrow(); // the client's DEADLINE_EXCEEDED reset is routine: no warning
  channel.close();
  await until(() => log.events().includes("connection.closed"));
  expect(log.events("info")).toEqual(["connection.opened", "goaway.received", "connection.closed"]);
  const opened = log.lines[0]!;
  expect(opened.message).toBe("connection opened");
  expect(opened.fields).toMatchObject({ listener: target, peer: expect.stringMatching(/^127\.0\.0\.1:\d+$/) });
  const closed = log.lines.find((l) => l.fields["event"] === "connection.closed")!;
  expect(closed.fields["bytesReceived"]).toBeGreaterThan(0);
  expect(closed.fields["bytesSent"]).toBeGreaterThan(0);
  expect(closed.fields["durationMs"]).toBeGreaterThanOrEqual(0);
  const failed = log.lines.find((l) => l.level === "error")!;
  expect(failed.fields).toEqual({ event: "handler.failed", method: "/strand.test.v1.Test/Echo" });
  expect((failed.error as Error).message).toBe("handler bug");
  expect(log.events("warn")).toEqual([]);
});

test("a server's graceful close logs the GOAWAYs it sends", async () => {
  const log = recording();
  const server = echoServer(log);
  const target = await listenLocal(server);
  const channel = createChannel(target);
  await createClient(TestService, channel).echo({ text: "hi" });
  await server.close();
  channel.close();
  const sent = log.lines.filter((l) => l.fields["event"] === "goaway.sent");
  expect(sent.length).toBeGreaterThanOrEqual(1);
  expect(sent.every((l) => l.level === "info" && l.fields["code"] === "NoError" && l.fields["reason"] === "server shutting down")).toBe(true);
  expect(sent.at(-1)!.fields["lastStreamId"]).toBe(1);
});

test("a peer that does not speak the protocol: GOAWAY and the close at warn, with the code and reason", async () => {
  const log = recording();
  await using server = echoServer(log);
  const target = await listenLocal(server);
  const socket = await Bun.connect({ hostname: "127.0.0.1", port: portOf(target), socket: { data() {} } });
  socket.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  await until(() => log.events().includes("connection.closed"));
  socket.end();
  expect(log.events("warn")).toEqual(["goaway.sent", "connection.closed"]);
  const closed = log.lines.find((l) => l.fields["event"] === "connection.closed")!;
  expect(closed.fields).toMatchObject({ code: "BadPreface", initiator: "local", reason: expect.stringContaining("not STRAND") });
});

test("a logger with error alone is told only errors; a logger that throws changes nothing", async () => {
  const errors: string[] = [];
  let calls = 0;
  const throwing: Logger = {
    error: (message) => void errors.push(message),
    info: () => {
      calls++;
      throw new Error("logger down");
    },
  };
  await using server = echoServer(throwing);
  const channel = createChannel(await listenLocal(server));
  const client = createClient(TestService, channel);
  expect((await client.echo({ text: "a" })).text).toBe("a");
  await expect(client.echo({ text: "bug" })).rejects.toThrow();
  expect((await client.echo({ text: "b" })).text).toBe("b");
  channel.close();
  expect(calls).toBeGreaterThanOrEqual(1);
  expect(errors).toEqual(["handler /strand.test.v1.Test/Echo failed"]);
  expect(() => createServer({ logger: { error() {}, info: "yes" } as unknown as Logger })).toThrow("logger must have an error(message, error) method");
});

test("a channel's logger: its connection opened and closed, the server's GOAWAY, with the target", async () => {
  const serverLog = recording();
  const log = recording();
  const server = echoServer(serverLog);
  const target = await listenLocal(server);
  const channel = createChannel(target, { logger: log });
  await createClient(TestService, channel).echo({ text: "hi" });
  await server.close();
  await until(() => log.events().includes("connection.closed"));
  channel.close();
  expect(log.events("info").filter((e) => e !== "goaway.received")).toEqual(["connection.opened", "connection.closed"]);
  expect(log.events().filter((e) => e === "goaway.received").length).toBeGreaterThanOrEqual(1);
  expect(log.lines[0]!.fields).toMatchObject({ target, peer: target });
  const closed = log.lines.find((l) => l.fields["event"] === "connection.closed")!;
  expect(closed.fields).toMatchObject({ target, bytesSent: expect.any(Number), durationMs: expect.any(Number) });
  expect(log.events("warn")).toEqual([]);
  expect(() => createChannel(target, { logger: { info() {} } as unknown as Logger })).toThrow("createChannel: logger must have an error(message, error) method");
});

/** The adapter docs/logging.md shows: Strand's levels onto pino's, fields as pino's merging object. */
function pinoAdapter(log: pino.Logger): Logger {
  return {
    error: (message, error, fields) => log.error({ ...fields, err: error }, message),
    warn: (message, fields) => log.warn(fields, message),
    info: (message, fields) => log.info(fields, message),
    debug: (message, fields) => log.debug(fields, message),
  };
}

test("through pino: one JSON line per record, Strand's fields beside pino's own", async () => {
  const out: string[] = [];
  const log = pino({ level: "info" }, { write: (line: string) => void out.push(line) });
  await using server = echoServer(pinoAdapter(log));
  const channel = createChannel(await listenLocal(server));
  const client = createClient(TestService, channel);
  await client.echo({ text: "hi" });
  await expect(client.echo({ text: "bug" })).rejects.toThrow();
  channel.close();
  await until(() => out.some((l) => l.includes("connection.closed")));
  const records = out.map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(records.map((r) => r["event"])).toEqual(["connection.opened", "handler.failed", "goaway.received", "connection.closed"]);
  const failed = records[1]!;
  expect(failed).toMatchObject({ level: 50, msg: "handler /strand.test.v1.Test/Echo failed", method: "/strand.test.v1.Test/Echo" });
  expect((failed["err"] as { message: string; stack: string }).message).toBe("handler bug");
  expect(records[0]).toMatchObject({ level: 30, msg: "connection opened" });
});
