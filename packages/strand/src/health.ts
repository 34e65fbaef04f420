/**
 * `strand/health`: gRPC's `grpc.health.v1.Health` service as generated from its own proto — for
 * clients that check or watch a server (`createClient(Health, channel).check({ service: "" })`)
 * and for anyone who serves it by hand. Every `createServer()` already serves it from
 * `server.health`. Browser-safe, like the other generated entries.
 */
export * from "./gen/grpc/health/v1/health.ts";
/** `HealthCheckResponse.ServingStatus` under a shorter name: `ServingStatus.SERVING`, … */
export { HealthCheckResponse_ServingStatus as ServingStatus } from "./gen/grpc/health/v1/health.ts";
