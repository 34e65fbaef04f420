/** `@strand/rpc/testing`: helpers for testing services and transports without sockets. */
export { MemoryTransport, type MemoryTransportOptions } from "./memory-transport.ts";
export { TestMessage, TestService } from "./test-service.ts";
export { createMemoryPair, type MemoryPair, type MemoryPairOptions } from "./memory-pair.ts";
