import type { Endpoint } from "./subchannel-pool.ts";
import type { ResolvedAddress, Resolver } from "./resolver.ts";

/** Where a channel's address updates go. */
export interface EndpointListener {
  onEndpoints(endpoints: readonly Endpoint[]): void;
  onError(error: Error): void;
}

/** Where a channel's addresses come from: a fixed list or a resolver. */
export interface EndpointSource {
  /** The target as the user wrote it, for messages. */
  readonly target: string;
  /** Whether addresses may change (a resolver); a fixed list never fails. */
  readonly dynamic: boolean;
  /** The channel's first call: deliver addresses to `listener` from now on. */
  start(listener: EndpointListener): void;
  /** A connection was lost: re-resolve (the resolver rate-limits). */
  refresh(): void;
  close(): void;
}

/** A fixed list (`host:port`, lists, `unix:`): delivered once, synchronously, on `start`. */
export function fixedSource(target: string, endpoints: readonly Endpoint[]): EndpointSource {
  return {
    target,
    dynamic: false,
    start: (listener) => listener.onEndpoints(endpoints),
    refresh: () => {},
    close: () => {},
  };
}

/**
 * A resolver's addresses: `open` creates the resolver now (a bad target throws at channel
 * construction); its reports reach the channel once `start` ran (it only looks up from then on).
 */
export function resolvedSource(
  target: string,
  open: (listener: { onAddresses(a: readonly ResolvedAddress[]): void; onError(e: Error): void }) => Resolver,
  endpointOf: (address: ResolvedAddress) => Endpoint,
): EndpointSource {
  let sink: EndpointListener | undefined;
  const resolver = open({
    onAddresses: (addresses) => {
      if (sink === undefined) return;
      let endpoints: Endpoint[];
      try {
        endpoints = addresses.map(endpointOf);
      } catch (error) {
        // A plugin's malformed address: reported like a failed lookup, the old addresses stay.
        sink.onError(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      sink.onEndpoints(endpoints);
    },
    onError: (error) => sink?.onError(error),
  });
  return {
    target,
    dynamic: true,
    start(listener) {
      sink = listener;
      resolver.resolveNow();
    },
    refresh: () => resolver.resolveNow(),
    close() {
      sink = undefined;
      resolver.close();
    },
  };
}
