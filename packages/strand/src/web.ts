/**
 * `strand/web`: everything a browser client needs — `createWebChannel`, `createClient`, `Code`,
 * `RpcError`, `Metadata`, `errorDetail`, interceptors — and nothing Bun- or Node-only behind it
 * (checked by entry-points.test.ts), so a page bundles it with the generated code it calls. Bun
 * programs may use it too; `strand` exports the same names.
 */
export * from "@strand/rpc/client";
export { createWebChannel, type BackoffOptions, type Channel, type WebChannelOptions } from "@strand/tcp/web";
export type { WireConfig, WireConfigInput } from "@strand/wire";
