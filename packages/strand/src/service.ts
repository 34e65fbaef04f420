/**
 * `strand/service`: the service-descriptor builders and the `Client` / `ServiceHandlers` types
 * that generated service code imports. Browser-safe: no transport and no Bun API behind it.
 */
export * from "@strand/rpc/descriptors";
