import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { createSessionPair } from "./testing/session-pair.ts";
import { MessageAssembler } from "./message-assembler.ts";
import { Flag } from "./constants.ts";
import { ErrorCode } from "./error-code.ts";
import { WireError } from "./wire-error.ts";
import { echoHandler, pattern } from "../test/helpers.ts";

describe("fragmentation", () => {
  test("property: random message sizes round-trip through fragmentation, in order", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 16 * 1024 - 8, max: 16 * 1024 + 8 }), fc.integer({ min: 0, max: 300_000 })), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 5000 }),
        async (sizes, chunk) => {
          const { client } = createSessionPair({ onStream: echoHandler, channel: { maxChunk: chunk, maxWrite: 7000, bufferBytes: 20_000 } });
          const stream = client.openStream(new Uint8Array([1]));
          const sent = sizes.map((n, i) => pattern(n, i + 1));
          const sending = (async () => {
            for (const m of sent) await stream.send(m);
            stream.end();
          })();
          const received: Uint8Array[] = [];
          for await (const m of stream) received.push(m.slice());
          await sending;
          expect(received.length).toBe(sent.length);
          received.forEach((m, i) => expect(Buffer.compare(m, sent[i]!)).toBe(0));
          client.close();
        },
      ),
      { numRuns: 25 },
    );
  });

  test("a declared length over the limit fails before buffering", () => {
    const assembler = new MessageAssembler(100);
    let error: unknown;
    try {
      assembler.push(0x4, new Uint8Array([0, 0, 1, 0, 9]));
    } catch (e) {
      error = e;
    }
    expect((error as WireError).code).toBe(ErrorCode.MessageTooLarge);
    expect(assembler.busy).toBe(false);
  });

  test("fragments that overrun or underrun the declared length are protocol errors", () => {
    const over = new MessageAssembler(100);
    over.push(0x4, new Uint8Array([0, 0, 0, 3, 1, 2]));
    expect(() => over.push(0, new Uint8Array([3, 4]))).toThrow(WireError);
    const under = new MessageAssembler(100);
    under.push(0x4, new Uint8Array([0, 0, 0, 3, 1]));
    expect(() => under.push(0x2, new Uint8Array([2]))).toThrow("declared");
  });
});

test("a declared length reserves nothing: memory follows the bytes that arrive, and the message comes out whole", () => {
  const declared = 4 * 1024 * 1024;
  const prefix = new Uint8Array(4);
  new DataView(prefix.buffer).setUint32(0, declared);
  const start = Uint8Array.from([...prefix, 1, 2, 3]);
  Bun.gc(true);
  const before = process.memoryUsage().arrayBuffers;
  const assemblers = Array.from({ length: 100 }, () => new MessageAssembler(declared));
  for (const a of assemblers) a.push(Flag.MessageStart, start);
  const grown = process.memoryUsage().arrayBuffers - before;
  expect(grown).toBeLessThan(4 * declared); // 100 declared 4 MiB messages would hold 400 MiB
  const one = assemblers[0]!;
  expect(one.buffered).toBe(3);
  let message: Uint8Array | undefined;
  const fragment = new Uint8Array(16 * 1024).fill(7);
  for (let left = declared - 3; left > 0; left -= fragment.length) {
    const piece = left > fragment.length ? fragment : fragment.subarray(0, left);
    message = one.push(left > fragment.length ? 0 : Flag.EndMessage, piece);
  }
  expect(message?.length).toBe(declared);
  expect([...message!.subarray(0, 4)]).toEqual([1, 2, 3, 7]);
  expect(message![declared - 1]).toBe(7);
});

test("a large message is copied as its fragments arrive, not all at its end: the last frame copies about one fragment's worth", () => {
  const declared = 4 * 1024 * 1024;
  const fragment = new Uint8Array(16 * 1024);
  const assembler = new MessageAssembler(declared);
  const start = new Uint8Array(4 + fragment.length);
  new DataView(start.buffer).setUint32(0, declared);
  assembler.push(Flag.MessageStart, start);
  let sent = fragment.length;
  let i = 1;
  let mostUncopied = 0;
  for (; sent + fragment.length < declared; sent += fragment.length, i++) {
    assembler.push(0, new Uint8Array(fragment.length).fill(i & 0xff)); // each read brings its own bytes
    if (sent * 2 >= declared) mostUncopied = Math.max(mostUncopied, assembler.uncopied);
  }
  // Until half has arrived nothing is copied (memory follows what was sent); from then on the
  // fragments kept so far are copied as fast as new ones arrive.
  expect(mostUncopied).toBeLessThanOrEqual(declared / 2 + fragment.length);
  expect(assembler.uncopied).toBeLessThanOrEqual(2 * fragment.length);
  const message = assembler.push(Flag.EndMessage, fragment.fill(i & 0xff).subarray(0, declared - sent))!;
  expect(message.length).toBe(declared);
  for (let k = 0; k < i; k++) expect(message[k * fragment.length]).toBe(k & 0xff);
  expect(assembler.uncopied).toBe(0);
});
