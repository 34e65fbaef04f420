import type { Attributes } from "@opentelemetry/api";
import type { MethodDescriptor } from "@strand/rpc/client";
import { ATTR_ERROR_TYPE, ATTR_RPC_METHOD, ATTR_RPC_STATUS_CODE, ATTR_RPC_SYSTEM_NAME, ATTR_SERVER_ADDRESS, ATTR_SERVER_PORT, STRAND_RPC_SYSTEM } from "./semconv.ts";
import { serverAddress } from "./server-address.ts";
import { isFailure, statusName, type StatusCode } from "./status.ts";

/**
 * The attributes of one method as one side sees it (client side: through one target), built on
 * its first call and shared by all later ones, so a call allocates no attribute object: the span
 * starts with {@link start} (everything the conventions want at creation, for samplers) and the
 * histogram records {@link ended}'s object for the call's status.
 */
export class MethodAttributes {
  /** The span name: `rpc.method`, i.e. `pkg.Service/Method`. */
  readonly spanName: string;
  /** `rpc.system.name`, `rpc.method` and, client side, `server.address` / `server.port`. */
  readonly start: Attributes;
  readonly #byStatus: (Attributes | undefined)[] = [];

  constructor(
    private readonly side: "client" | "server",
    method: MethodDescriptor,
    target: string | undefined,
  ) {
    // The wire path is `/pkg.Service/Method`; the conventions' fully-qualified name drops the slash.
    this.spanName = method.path.startsWith("/") ? method.path.slice(1) : method.path;
    const start: Attributes = { [ATTR_RPC_SYSTEM_NAME]: STRAND_RPC_SYSTEM, [ATTR_RPC_METHOD]: this.spanName };
    if (side === "client" && target !== undefined) {
      const server = serverAddress(target);
      start[ATTR_SERVER_ADDRESS] = server.address;
      if (server.port !== undefined) start[ATTR_SERVER_PORT] = server.port;
    }
    this.start = start;
  }

  /** The histogram's attributes for a call that ended with `code`: the start ones, the status and, on failure, `error.type`. */
  ended(code: StatusCode): Attributes {
    let attributes = this.#byStatus[code];
    if (attributes === undefined) {
      const name = statusName(code);
      attributes = { ...this.start, [ATTR_RPC_STATUS_CODE]: name };
      if (isFailure(this.side, code)) attributes[ATTR_ERROR_TYPE] = name;
      this.#byStatus[code] = attributes;
    }
    return attributes;
  }
}

/** {@link MethodAttributes} by method and target, for one interceptor (methods are held weakly). */
export class MethodAttributesCache {
  readonly #methods = new WeakMap<MethodDescriptor, Map<string | undefined, MethodAttributes>>();

  constructor(private readonly side: "client" | "server") {}

  of(method: MethodDescriptor, target: string | undefined): MethodAttributes {
    let byTarget = this.#methods.get(method);
    if (byTarget === undefined) this.#methods.set(method, (byTarget = new Map()));
    let attributes = byTarget.get(target);
    if (attributes === undefined) byTarget.set(target, (attributes = new MethodAttributes(this.side, method, target)));
    return attributes;
  }
}
