import type { TLSOptions } from "bun";
import { Dispatcher, Router, type ServerOptions as RpcServerOptions, type ServiceDescriptor, type ServiceHandlers } from "@strand/rpc";
import { ErrorCode, WireError, type Session, type WireConfigInput, type WireStream } from "@strand/wire";
import { listenWire, type ListenAddress, type WireListener } from "./wire-listener.ts";
import { WireServerCall } from "./wire-server-call.ts";

/** Options of {@link createServer}. */
export interface ServerOptions extends Partial<RpcServerOptions> {
  /** Wire limits and timers for accepted connections (see `WireConfig`). */
  readonly wire?: WireConfigInput;
  /** Bun TLS options (`key`, `cert`, …): serve TLS instead of plain TCP. */
  readonly tls?: TLSOptions;
  /**
   * How long a graceful `close()` lets in-flight calls run after GOAWAY before cancelling them.
   * Milliseconds; 30,000. gRPC: the grace period of `GracefulStop` with a timeout.
   */
  readonly gracePeriodMs?: number;
}

/** Where a server is listening. */
export interface BoundAddress {
  readonly hostname?: string;
  readonly port?: number;
  readonly unix?: string;
}

/** A Strand server: register services, listen on one or more addresses, close gracefully. */
export interface Server extends AsyncDisposable {
  /**
   * Registers a service's handlers. Calling it again for the same service swaps the handlers for
   * new calls without dropping connections or in-flight calls (hot reload, `bun --hot`).
   */
  add<S extends ServiceDescriptor>(service: S, handlers: Partial<ServiceHandlers<S>>): this;
  /** Starts listening; `port: 0` picks a free port, which the result reports. */
  listen(address: ListenAddress): Promise<BoundAddress>;
  /**
   * Graceful by default: GOAWAY to every connection, new calls refused, in-flight calls finish
   * within `gracePeriodMs` and are cancelled after it. `force` cancels everything now.
   */
  close(options?: { readonly force?: boolean }): Promise<void>;
  /** Open client connections (for health endpoints and tests). */
  readonly connections: number;
}

/** Creates a server; options are verified here, so bad values fail at construction. */
export function createServer(options: ServerOptions = {}): Server {
  const { wire, tls, gracePeriodMs = 30_000, ...rpcOptions } = options;
  if (!Number.isFinite(gracePeriodMs) || gracePeriodMs < 0) throw new RangeError(`gracePeriodMs must be a non-negative number, got ${String(gracePeriodMs)}`);
  const router = new Router();
  const dispatcher = new Dispatcher(router, rpcOptions);
  const wireConfig: WireConfigInput = {
    maxMessageSize: dispatcher.options.maxReceiveMessageBytes,
    maxHeaderBlockSize: dispatcher.options.metadataHardLimitBytes,
    ...wire,
  };
  const listeners: WireListener[] = [];
  // Listeners being closed still have connections draining; `connections` must count them.
  const closing = new Set<WireListener>();
  const onStream = (stream: WireStream, session: Session): void => {
    const call = new WireServerCall(stream, session);
    call.attach(dispatcher.accept(call));
  };
  return {
    add(service, handlers) {
      router.add(service, handlers);
      return this;
    },
    async listen(address) {
      const listener = listenWire({ address, config: wireConfig, onStream, ...(tls ? { tls } : {}) });
      listeners.push(listener);
      return "unix" in address ? { unix: address.unix } : { hostname: listener.hostname!, port: listener.port! };
    },
    async close(closeOptions = {}) {
      const all = listeners.splice(0);
      for (const l of all) closing.add(l);
      try {
        if (closeOptions.force === true) {
          // Also listeners still draining from an earlier graceful close (gRPC: Stop after GracefulStop).
          await Promise.all([...closing].map((l) => l.close({ force: true })));
          return;
        }
        const timer = setTimeout(() => {
          const expired = new WireError(ErrorCode.Cancel, `grace period of ${gracePeriodMs} ms over: cancelling in-flight calls`);
          for (const l of all) for (const session of l.sessions) session.close(expired);
        }, gracePeriodMs);
        timer.unref?.();
        try {
          await Promise.all(all.map((l) => l.close({ reason: "server shutting down" })));
        } finally {
          clearTimeout(timer);
        }
      } finally {
        for (const l of all) closing.delete(l);
      }
    },
    get connections() {
      let n = 0;
      for (const l of listeners) n += l.sessions.size;
      for (const l of closing) n += l.sessions.size;
      return n;
    },
    async [Symbol.asyncDispose]() {
      await this.close({ force: true });
    },
  };
}
