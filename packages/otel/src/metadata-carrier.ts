import type { TextMapGetter, TextMapSetter } from "@opentelemetry/api";
import type { Metadata } from "@strand/rpc/client";

/**
 * Reads propagation fields (`traceparent`, `tracestate`, `baggage`, …) from request metadata.
 * Metadata names are lower-case, as W3C Trace Context wants its header names; several values of
 * one name (a `tracestate` split over entries) are handed over together, as HTTP propagators expect.
 */
export const metadataGetter: TextMapGetter<Metadata> = {
  keys(carrier) {
    const names = new Set<string>();
    for (const [name] of carrier) names.add(name);
    return [...names];
  },
  get(carrier, key) {
    const values = carrier.getAll(key);
    if (values.length <= 1) return carrier.get(key);
    return values.filter((v): v is string => typeof v === "string"); // propagators read text; bytes here are not theirs
  },
};

/**
 * Writes propagation fields into request metadata. A value metadata refuses (a custom propagator
 * writing non-ASCII text) is dropped: tracing must never fail the call it observes.
 */
export const metadataSetter: TextMapSetter<Metadata> = {
  set(carrier, key, value) {
    try {
      carrier.set(key, value);
    } catch {
      // Dropped, see above; the call goes on without this field.
    }
  },
};
