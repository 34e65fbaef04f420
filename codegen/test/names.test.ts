/**
 * Names that collide with JavaScript's own (test/protos/acme/names/v1/names.proto): escaped only
 * where they would change behaviour, spelled as written on the wire, in JSON and in docs.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { type Channel, createChannel, createClient, createServer, type Server } from "strand";
import { Color, Promises, type PromisesHandlers, Thenable } from "./golden/acme/names/v1/names.ts";

let server: Server;
let channel: Channel;
const calls: string[] = [];
const handlers: PromisesHandlers = {
  then$: (req) => {
    calls.push(req.then);
    return Thenable.create({ then: `${req.then}!`, other: req.other, color: Color.__proto__$ });
  },
};

beforeAll(async () => {
  server = createServer();
  server.add(Promises, handlers);
  const { port } = await server.listen({ hostname: "127.0.0.1", port: 0 });
  channel = createChannel(`127.0.0.1:${port}`);
});

afterAll(async () => {
  channel.close();
  await server.close({ force: true });
});

test("an rpc named Then is then$ on clients and handlers: neither is a thenable, and the wire name stays Then", async () => {
  expect(Promises.methods.then$.path).toBe("/acme.names.v1.Promises/Then");
  const client = createClient(Promises, channel);
  expect("then" in client).toBe(false);
  // Returned from an async function (awaited): the object itself, no call made.
  expect(await (async () => client)()).toBe(client);
  expect(await Promise.resolve(handlers)).toBe(handlers);
  expect(calls).toEqual([]);
  const reply = await client.then$(Thenable.create({ then: "x", other: "o" }));
  expect(reply).toEqual(Thenable.create({ then: "x!", other: "o", color: Color.__proto__$ }));
  expect(calls).toEqual(["x"]);
});

test("a field named then stays then; a JSON name and an enum value spelled __proto__ stay __proto__ in JSON, as own properties", () => {
  const m = Thenable.create({ then: "t", other: "o", color: Color.__proto__$ });
  const json = Thenable.toJson(m) as Record<string, unknown>;
  expect(Object.keys(json)).toEqual(["then", "__proto__", "color"]);
  expect(Object.getOwnPropertyDescriptor(json, "__proto__")?.value).toBe("o");
  expect(json["color"]).toBe("__proto__");
  expect(Thenable.fromJsonString(JSON.stringify(json))).toEqual(m);
  expect(Color.__proto__$).toBe(1);
  expect(Object.getPrototypeOf(Color)).toBe(Object.prototype);
});
