import { HealthCheckResponse_ServingStatus as ServingStatus } from "../gen/grpc/health/v1/health.ts";

/** A status as `server.health.set` takes it: the proto enum's name or its number. */
export type ServingStatusInput = "SERVING" | "NOT_SERVING" | "UNKNOWN" | ServingStatus.SERVING | ServingStatus.NOT_SERVING | ServingStatus.UNKNOWN;

/** Most services one server's health registry tracks (gRPC's `List` limit is 100; `set` past this throws). */
export const MAX_HEALTH_SERVICES = 1000;

/** How long a graceful close waits for watchers to be handed `NOT_SERVING` before GOAWAY, ms. */
const DELIVERY_WAIT_MS = 1000;

/**
 * `server.health`: the statuses the `grpc.health.v1.Health` service reports. `""` is the server
 * as a whole. Services registered with `server.add` follow the server's own status (SERVING once
 * it listens, NOT_SERVING once a graceful close starts) until `set` gives them their own.
 */
export interface ServerHealth {
  /**
   * Sets a service's status (`""`: the whole server); watchers see it at once. Ignored once the
   * server is shutting down: everything is NOT_SERVING from then on, as in gRPC's `Shutdown`.
   */
  set(service: string, status: ServingStatusInput): void;
  /** A service's status, or `undefined` when the registry does not know it. */
  get(service: string): ServingStatus | undefined;
  /** Forgets a service: `Check` answers NOT_FOUND again and watchers see SERVICE_UNKNOWN. */
  remove(service: string): void;
  /** Every known service and its status (what `List` returns). */
  list(): ReadonlyMap<string, ServingStatus>;
}

/** One `Watch` call: the service it watches and the status it last handed to its stream. */
interface Watcher {
  readonly service: string;
  sent: ServingStatus | undefined;
  wake: (() => void) | undefined;
}

/** The registry behind `server.health` and the Health service's handlers. */
export class HealthRegistry implements ServerHealth {
  readonly #statuses = new Map<string, ServingStatus>();
  /** Services that follow the server's own status (registered by `add`, never `set`). */
  readonly #following = new Set<string>();
  readonly #watchers = new Set<Watcher>();
  #shutDown = false;
  /** Resolves `delivered()` when the last watcher caught up. */
  #caughtUp: (() => void) | undefined;

  set(service: string, status: ServingStatusInput): void {
    const value = statusOf(status);
    if (this.#shutDown) return;
    this.#following.delete(service);
    this.#put(service, value);
  }

  get(service: string): ServingStatus | undefined {
    return this.#statuses.get(service);
  }

  remove(service: string): void {
    this.#following.delete(service);
    if (this.#statuses.delete(service)) this.#wake(service);
  }

  list(): ReadonlyMap<string, ServingStatus> {
    return this.#statuses;
  }

  /** A service was registered on the server: it follows the server's status unless already set. */
  follow(service: string): void {
    if (this.#statuses.has(service)) return;
    this.#following.add(service);
    this.#put(service, this.#statuses.get("") ?? ServingStatus.NOT_SERVING);
  }

  /** The server listens: it and the services following it are SERVING (unless shutting down). */
  serving(): void {
    if (this.#shutDown) return;
    this.#put("", ServingStatus.SERVING);
    for (const service of this.#following) this.#put(service, ServingStatus.SERVING);
  }

  /** A graceful close started: everything is NOT_SERVING, and `set` is ignored from now on. */
  shutdown(): void {
    this.#shutDown = true;
    this.#put("", ServingStatus.NOT_SERVING);
    for (const service of this.#statuses.keys()) this.#put(service, ServingStatus.NOT_SERVING);
  }

  /**
   * Resolves once every watcher has handed its service's current status to its stream (or after
   * a second, for a watcher whose client stopped reading): close() waits for it so that a
   * watcher learns NOT_SERVING before the connection's GOAWAY.
   */
  async delivered(): Promise<void> {
    if (this.#behind() === 0) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await new Promise<void>((resolve) => {
      this.#caughtUp = resolve;
      timer = setTimeout(resolve, DELIVERY_WAIT_MS);
    });
    clearTimeout(timer);
    this.#caughtUp = undefined;
  }

  /**
   * The statuses one `Watch` call sends: the current one at once (SERVICE_UNKNOWN for a service
   * not known), then each change. Only the latest status is kept for a slow reader, so a watcher
   * holds one value however often the status changes. Ends when `signal` aborts.
   */
  async *watch(service: string, signal: AbortSignal): AsyncGenerator<ServingStatus> {
    const watcher: Watcher = { service, sent: undefined, wake: undefined };
    this.#watchers.add(watcher);
    const onAbort = (): void => watcher.wake?.();
    signal.addEventListener("abort", onAbort);
    try {
      while (!signal.aborted) {
        const now = this.#statuses.get(service) ?? ServingStatus.SERVICE_UNKNOWN;
        if (now !== watcher.sent) {
          yield now;
          watcher.sent = now;
          if (this.#caughtUp !== undefined && this.#behind() === 0) this.#caughtUp();
          continue;
        }
        await new Promise<void>((resolve) => (watcher.wake = resolve));
        watcher.wake = undefined;
      }
    } finally {
      signal.removeEventListener("abort", onAbort);
      this.#watchers.delete(watcher);
      if (this.#caughtUp !== undefined && this.#behind() === 0) this.#caughtUp();
    }
  }

  #put(service: string, status: ServingStatus): void {
    if (this.#statuses.get(service) === status) return;
    if (!this.#statuses.has(service) && this.#statuses.size >= MAX_HEALTH_SERVICES) {
      throw new RangeError(`server.health tracks at most ${MAX_HEALTH_SERVICES} services; "${service}" would be one more`);
    }
    this.#statuses.set(service, status);
    this.#wake(service);
  }

  #wake(service: string): void {
    for (const w of this.#watchers) if (w.service === service) w.wake?.();
  }

  /** Watchers whose stream has not been handed their service's current status yet. */
  #behind(): number {
    let n = 0;
    for (const w of this.#watchers) if (w.sent !== (this.#statuses.get(w.service) ?? ServingStatus.SERVICE_UNKNOWN)) n++;
    return n;
  }
}

function statusOf(status: ServingStatusInput): ServingStatus {
  switch (status) {
    case "SERVING":
    case ServingStatus.SERVING:
      return ServingStatus.SERVING;
    case "NOT_SERVING":
    case ServingStatus.NOT_SERVING:
      return ServingStatus.NOT_SERVING;
    case "UNKNOWN":
    case ServingStatus.UNKNOWN:
      return ServingStatus.UNKNOWN;
    default:
      throw new TypeError(`server.health.set: status must be "SERVING", "NOT_SERVING" or "UNKNOWN", got ${JSON.stringify(status)}`);
  }
}
