import type { MethodDescriptor, MethodKind } from "@strand/rpc";

/** The `type` label: go-grpc-prometheus's names for the four call kinds. */
export type CallType = "unary" | "client_stream" | "server_stream" | "bidi_stream";

const TYPES: Readonly<Record<MethodKind, CallType>> = {
  unary: "unary",
  client_streaming: "client_stream",
  server_streaming: "server_stream",
  bidi_streaming: "bidi_stream",
};

/** The labels every per-call series carries. */
export interface MethodLabels {
  readonly service: string;
  readonly method: string;
  readonly type: CallType;
}

/** Labels for calls whose method is not one of a descriptor's: one series, however many bad paths arrive. */
const UNKNOWN = { service: "unknown", method: "unknown" } as const;

/**
 * The labels of a method, cached per descriptor (descriptors are long-lived constants of generated
 * code), so that a call costs one map lookup. A path that is not `/<service>/<method>` — which only
 * a hand-made descriptor can have — is labelled `unknown` to keep cardinality bounded.
 */
export class MethodLabelCache {
  private readonly cache = new WeakMap<MethodDescriptor, MethodLabels>();

  of(method: MethodDescriptor): MethodLabels {
    let labels = this.cache.get(method);
    if (labels === undefined) {
      labels = labelsOf(method);
      this.cache.set(method, labels);
    }
    return labels;
  }
}

function labelsOf(method: MethodDescriptor): MethodLabels {
  const type = TYPES[method.kind] ?? "unary";
  const match = /^\/([^/]+)\/([^/]+)$/.exec(method.path);
  if (match === null) return { ...UNKNOWN, type };
  return { service: match[1] ?? UNKNOWN.service, method: match[2] ?? UNKNOWN.method, type };
}
