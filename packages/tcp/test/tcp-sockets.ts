import { readFileSync } from "node:fs";

/** One established IPv4 TCP socket as the kernel lists it in `/proc/net/tcp`. */
export interface KernelSocket {
  readonly localPort: number;
  readonly remotePort: number;
  /** The timer the kernel has armed: 0 none, 1 retransmit, 2 keep-alive, 3 TIME_WAIT, 4 zero-window probe. */
  readonly timer: number;
  /** When that timer fires, in seconds from now. */
  readonly timerSeconds: number;
}

/**
 * The established loopback sockets at either end of a connection to `port`, read from
 * `/proc/net/tcp` — how a test sees socket options (here `SO_KEEPALIVE` + `TCP_KEEPIDLE`: a
 * keep-alive timer, armed for the idle delay) that Bun offers no getter for.
 */
export function socketsOfPort(port: number): { readonly server: KernelSocket[]; readonly client: KernelSocket[] } {
  const rows = readFileSync("/proc/net/tcp", "utf8").trim().split("\n").slice(1);
  const established = rows.flatMap((row): KernelSocket[] => {
    const [, local, remote, state, , timer] = row.trim().split(/\s+/);
    if (state !== "01" || local === undefined || remote === undefined || timer === undefined) return [];
    const [code, when] = timer.split(":");
    // `tm->when` is in clock ticks (USER_HZ, 100 on Linux).
    return [{ localPort: parseInt(local.split(":")[1]!, 16), remotePort: parseInt(remote.split(":")[1]!, 16), timer: parseInt(code!, 16), timerSeconds: parseInt(when!, 16) / 100 }];
  });
  return { server: established.filter((s) => s.localPort === port), client: established.filter((s) => s.remotePort === port) };
}
