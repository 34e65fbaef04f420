import { Code } from "./code.ts";
import type { MethodDescriptor, ServiceDescriptor } from "./descriptor.ts";
import { RpcError } from "./rpc-error.ts";
import type { ServiceHandlers } from "./service-handlers.ts";

/** A registered method: the descriptor and the handler function bound at `add` time. */
export interface RouteEntry {
  readonly method: MethodDescriptor;
  readonly handler: (request: never, ctx: never) => unknown;
  /** The handler is push style (`{ push }`): called as `(input, responses, ctx)`, see `PushServerStreamingHandler`. */
  readonly push: boolean;
}

/** A push-style handler, `{ push(input, responses, ctx) }`. */
interface PushEntry {
  readonly push: (input: never, responses: never, ctx: never) => unknown;
}

/** An object with a `push` method; an array (whose `push` is Array's) is a mistake, not a handler. */
function isPush(value: unknown): value is PushEntry {
  return typeof value === "object" && value !== null && !Array.isArray(value) && typeof (value as { push?: unknown }).push === "function";
}

/**
 * The server's registry, path → handler. `add` for a service that is already registered replaces
 * all of its routes at once: calls already dispatched keep the handler they started with, new
 * calls get the new one — which is what hot reload (`bun --hot`) needs.
 */
export class Router {
  readonly #routes = new Map<string, RouteEntry>();
  readonly #services = new Map<string, readonly string[]>();

  /**
   * Registers (or replaces) a service. `handlers` may be a plain object or a class instance (methods
   * are bound to it); a streaming-response method may instead have a push-style handler,
   * `{ push }` (bound to that object). Methods without a handler answer `Unimplemented`; an own
   * handler property the descriptor does not know throws, because it is almost always a typo.
   */
  add<S extends ServiceDescriptor>(service: S, handlers: Partial<ServiceHandlers<S>>): this {
    const impl = handlers as Record<string, unknown>;
    for (const name of Object.keys(impl)) {
      if ((typeof impl[name] === "function" || isPush(impl[name])) && !Object.hasOwn(service.methods, name)) {
        throw new RpcError(Code.InvalidArgument, `${service.typeName} has no method ${name}`);
      }
    }
    for (const name of Object.keys(service.methods)) {
      const handler = impl[name];
      if (handler === undefined || typeof handler === "function") continue;
      const kind = (service.methods[name] as MethodDescriptor).kind;
      if (!isPush(handler)) throw new RpcError(Code.InvalidArgument, `handler ${service.typeName}.${name} is not a function or { push }`);
      if (kind !== "server_streaming" && kind !== "bidi_streaming") {
        throw new RpcError(Code.InvalidArgument, `handler ${service.typeName}.${name} is push style, which only streaming responses have (${kind} needs a function)`);
      }
    }
    this.remove(service);
    const paths: string[] = [];
    for (const name of Object.keys(service.methods)) {
      const method = service.methods[name] as MethodDescriptor;
      const handler = impl[name];
      if (typeof handler === "function") {
        this.#routes.set(method.path, { method, handler: (handler as RouteEntry["handler"]).bind(handlers), push: false });
      } else if (isPush(handler)) {
        this.#routes.set(method.path, { method, handler: handler.push.bind(handler) as RouteEntry["handler"], push: true });
      } else continue;
      paths.push(method.path);
    }
    this.#services.set(service.typeName, paths);
    return this;
  }

  /** Unregisters a service; new calls to it get `Unimplemented`. */
  remove(service: ServiceDescriptor): boolean {
    const paths = this.#services.get(service.typeName);
    if (paths === undefined) return false;
    for (const path of paths) this.#routes.delete(path);
    this.#services.delete(service.typeName);
    return true;
  }

  /** The route for a `:path`, or the `Unimplemented` error that names what is missing. */
  lookup(path: string): RouteEntry | RpcError {
    const entry = this.#routes.get(path);
    if (entry !== undefined) return entry;
    const slash = path.lastIndexOf("/");
    const serviceName = path.slice(1, Math.max(slash, 1));
    if (!path.startsWith("/") || slash <= 0 || !this.#services.has(serviceName)) {
      return new RpcError(Code.Unimplemented, `unknown service ${serviceName || path}`);
    }
    return new RpcError(Code.Unimplemented, `unimplemented method ${path.slice(slash + 1)} of ${serviceName}`);
  }
}
