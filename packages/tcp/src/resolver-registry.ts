import { dnsResolver } from "./dns-resolver.ts";
import type { ResolverFactory } from "./resolver.ts";
import { srvResolver } from "./srv-resolver.ts";

/** Schemes handled by the channel itself: the target is an address, not a name to resolve. */
const RESERVED = new Set(["unix"]);

const factories = new Map<string, ResolverFactory>([
  ["dns", dnsResolver],
  ["dns+srv", srvResolver],
]);

/**
 * Makes `createChannel("<scheme>:///…")` use `factory` to resolve targets of that scheme (the
 * contract is in `resolver.ts`): e.g. a service registry's API, or a fixed list for tests.
 * Registering a built-in scheme (`dns`, `dns+srv`) again replaces it; `unix` is reserved. Applies
 * to channels created afterwards. Schemes are case-insensitive.
 */
export function registerResolver(scheme: string, factory: ResolverFactory): void {
  const key = typeof scheme === "string" ? scheme.toLowerCase() : "";
  if (!/^[a-z][a-z0-9+.-]*$/.test(key)) throw new RangeError(`registerResolver: invalid scheme ${JSON.stringify(scheme)} (letters, digits, "+", "-", ".")`);
  if (RESERVED.has(key)) throw new RangeError(`registerResolver: the scheme "${key}" is reserved`);
  if (typeof factory !== "function") throw new TypeError(`registerResolver: the factory for "${key}" must be a function`);
  factories.set(key, factory);
}

/** The resolver registered for `scheme` (lower-case), if any. */
export function resolverFor(scheme: string): ResolverFactory | undefined {
  return RESERVED.has(scheme) ? undefined : factories.get(scheme);
}

/** Every registered scheme, for error messages. */
export function registeredSchemes(): string[] {
  return [...factories.keys()];
}
