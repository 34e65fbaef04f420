import { Code, RpcError, type ServiceHandlers } from "@strand/rpc";
import { Health, type HealthCheckResponse } from "../gen/grpc/health/v1/health.ts";
import type { HealthRegistry } from "./health-registry.ts";

/** Most services `List` returns; past it the call fails with RESOURCE_EXHAUSTED (gRPC's rule). */
export const MAX_LISTED_SERVICES = 100;

/**
 * The handlers of `grpc.health.v1.Health` over a registry, with gRPC's semantics: `Check` of an
 * unknown service is NOT_FOUND; `Watch` sends the current status at once (SERVICE_UNKNOWN for an
 * unknown service, without ending) and every change after it, and ends cleanly when the server
 * starts draining so that it does not hold a graceful close for its whole grace period.
 */
export function healthHandlers(registry: HealthRegistry): ServiceHandlers<typeof Health> {
  return {
    check(request) {
      const status = registry.get(request.service);
      if (status === undefined) throw new RpcError(Code.NotFound, `unknown service "${request.service}"`);
      return { status };
    },
    list() {
      const all = registry.list();
      if (all.size > MAX_LISTED_SERVICES) {
        throw new RpcError(Code.ResourceExhausted, `${all.size} services are more than List returns (${MAX_LISTED_SERVICES})`);
      }
      const statuses: Record<string, HealthCheckResponse> = {};
      for (const [service, status] of all) statuses[service] = { status };
      return { statuses };
    },
    async *watch(request, ctx) {
      const stop = AbortSignal.any([ctx.signal, ctx.draining]);
      for await (const status of registry.watch(request.service, stop)) yield { status };
    },
  };
}

export { Health };
