import { expect, test } from "bun:test";
import { verifyBackoff } from "./backoff.ts";
import { Subchannel } from "./subchannel.ts";
import { SubchannelPool, type Endpoint } from "./subchannel-pool.ts";

const created: string[] = [];
const endpoint = (key: string): Endpoint => ({
  key,
  create: (onChange) => {
    created.push(key);
    return new Subchannel(key, () => new Promise(() => {}), { backoff: verifyBackoff() }, onChange);
  },
});

test("an update keeps subchannels of addresses still listed, creates new ones, and returns the removed ones", () => {
  const pool = new SubchannelPool(() => {});
  expect(pool.update([endpoint("a"), endpoint("b"), endpoint("a")])).toEqual([]);
  expect(pool.list.map((s) => s.name)).toEqual(["a", "b"]);
  const [a, b] = pool.list;
  const removed = pool.update([endpoint("c"), endpoint("a")]);
  expect(removed).toEqual([b!]);
  expect(pool.list.map((s) => s.name)).toEqual(["c", "a"]);
  expect(pool.list[1]).toBe(a!);
  expect(created).toEqual(["a", "b", "c"]);
  pool.shutdownAll();
  expect(a!.state).toBe("shutdown");
  expect(pool.list).toEqual([]);
});
