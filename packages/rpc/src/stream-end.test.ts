import { expect, test } from "bun:test";
import { Code } from "./code.ts";
import { whenStreamEnds } from "./stream-end.ts";

async function* three(fail = false): AsyncGenerator<number> {
  yield 1;
  yield 2;
  if (fail) throw new Error("broken");
  yield 3;
}

test("done once: undefined at the end, the error on failure, Canceled when the reader leaves", async () => {
  const seen: unknown[] = [];
  const record = (e: unknown): void => void seen.push(e);
  const all: number[] = [];
  for await (const n of whenStreamEnds(three(), record)) all.push(n);
  expect([all, seen]).toEqual([[1, 2, 3], [undefined]]);
  await expect((async () => { for await (const _ of whenStreamEnds(three(true), record)); })()).rejects.toThrow("broken");
  expect((seen[1] as Error).message).toBe("broken");
  for await (const n of whenStreamEnds(three(), record)) if (n === 1) break;
  expect(seen).toHaveLength(3);
  expect(seen[2]).toMatchObject({ code: Code.Canceled });
});
