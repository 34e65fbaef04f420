import { describe, expect, test } from "bun:test";
import { Code, createClient, createServer, RpcError } from "strand";
import { testChannel } from "../support/channel.ts";
import { listenLocal } from "../support/listen.ts";
import { Echo, type Note } from "../gen/acme/echo/v1/echo.ts";

/*
 * Unary answers of generated codecs over real sockets. The server encodes such an answer straight
 * into its frame (the wire layer's response-stage.ts) rather than into an array of its own: every
 * answer must still arrive as its handler returned it, whatever its size, and an answer that
 * cannot be encoded must fail its call alone.
 */

const text = (length: number, seed: number): string => Array.from({ length }, (_, i) => String.fromCharCode(97 + ((i * 7 + seed) % 26))).join("");

/** Lengths that grow the stage's buffer, pass a frame (16 KiB), and follow large answers with small ones. */
const LENGTHS = [0, 1, 10, 60, 200, 255, 700, 1900, 2100, 50, 6000, 40000, 3, 90, ...Array.from({ length: 200 }, (_, i) => (i * 53) % 700)];

function echoServer(logged: string[] = []) {
  return createServer({ health: false, logger: { error: (message, error) => void logged.push(`${message}: ${String(error)}`) } }).add(Echo, {
    async say(note) {
      if (note.text === "invalid") return { text: 42 } as unknown as Note; // a field of the wrong type cannot be encoded
      return { text: note.text.toUpperCase(), n: note.n + 1 };
    },
  });
}

describe("unary answers of generated codecs over TCP", () => {
  test("concurrent answers of every size arrive as their handlers returned them", async () => {
    await using server = echoServer();
    using channel = testChannel(await listenLocal(server));
    const client = createClient(Echo, channel);
    await client.say({ text: "settle", n: 0 });
    const replies = await Promise.all(LENGTHS.map((length, i) => client.say({ text: text(length, i), n: i })));
    expect(replies).toEqual(LENGTHS.map((length, i) => ({ text: text(length, i).toUpperCase(), n: i + 1 })));
  });

  test("an answer that cannot be encoded fails its own call with INTERNAL; the calls beside it and after it are answered", async () => {
    const logged: string[] = [];
    await using server = echoServer(logged);
    using channel = testChannel(await listenLocal(server));
    const client = createClient(Echo, channel);
    const [before, failed, after] = await Promise.allSettled([client.say({ text: "a", n: 1 }), client.say({ text: "invalid", n: 0 }), client.say({ text: "b", n: 2 })]);
    expect(before).toEqual({ status: "fulfilled", value: { text: "A", n: 2 } });
    expect(after).toEqual({ status: "fulfilled", value: { text: "B", n: 3 } });
    expect(failed.status).toBe("rejected");
    const error = (failed as PromiseRejectedResult).reason as RpcError;
    expect(error).toBeInstanceOf(RpcError);
    expect(error.code).toBe(Code.Internal);
    expect(await client.say({ text: "c", n: 3 })).toEqual({ text: "C", n: 4 });
    // The server's log names the field that could not be encoded.
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain("acme.echo.v1.Note.text: expected a string, got 42");
  });
});
