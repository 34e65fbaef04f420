import { createChannel, type Channel, type ChannelOptions } from "strand";

/**
 * `createChannel` for tests, closable with `using`: a test that fails half-way still closes its
 * channel, so no connection outlives the test that opened it.
 */
export function testChannel(target: string | readonly string[], options?: ChannelOptions): Channel & Disposable {
  const channel = createChannel(target, options);
  return Object.assign(channel, { [Symbol.dispose]: () => channel.close() });
}
