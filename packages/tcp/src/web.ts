/**
 * `@strand/tcp/web`: the WebSocket client channel alone, whose import graph holds no Bun API and
 * no `node:` module (it runs on the standard `WebSocket`), for browser bundles.
 */
export { createWebChannel, type WebChannelOptions } from "./web-channel.ts";
export type { Channel } from "./pooled-channel.ts";
export type { BackoffOptions } from "./backoff.ts";
