/**
 * Bytes this process writes to its TCP sockets, for S9's "bytes on the wire": Bun counts them per
 * socket (`socket.bytesWritten`, natively); this module only keeps the sockets. It wraps
 * `Bun.listen` and `Bun.connect` so that every socket opened after {@link countSocketBytes} is
 * remembered while open and its count kept when it closes — per connection, never per write, and
 * only in the processes of the peers that report bytes (the library is measured unchanged).
 * Importable from Node: Bun is only touched when counting starts.
 */

/** What is counted: sockets still open, and what the closed ones wrote. */
interface Counter {
  closed: number;
  readonly open: Set<{ readonly bytesWritten: number }>;
}

let counter: Counter | undefined;

/** A socket handler as far as the wrapper needs it. */
interface Handler {
  open?(socket: { readonly bytesWritten: number }): unknown;
  close?(socket: { readonly bytesWritten: number }, error?: unknown): unknown;
}

/** Starts counting (once): sockets opened or accepted from now on are counted. Bun only. */
export function countSocketBytes(): void {
  if (counter !== undefined) return;
  const state: Counter = (counter = { closed: 0, open: new Set() });
  const wrap = (options: { readonly socket: Handler }): object => {
    const handler = options.socket;
    return {
      ...options,
      socket: {
        ...handler,
        open(socket: { readonly bytesWritten: number }) {
          state.open.add(socket);
          return handler.open?.call(handler, socket);
        },
        close(socket: { readonly bytesWritten: number }, error?: unknown) {
          if (state.open.delete(socket)) state.closed += socket.bytesWritten;
          return handler.close?.call(handler, socket, error);
        },
      },
    };
  };
  const bun = Bun as unknown as Record<"listen" | "connect", (options: object) => unknown>;
  const listen = bun.listen.bind(Bun);
  const connect = bun.connect.bind(Bun);
  bun.listen = (options) => listen(wrap(options as { socket: Handler }));
  bun.connect = (options) => connect(wrap(options as { socket: Handler }));
}

/** Bytes written to TCP sockets since counting started, or undefined when this process does not count. */
export function socketBytesWritten(): number | undefined {
  if (counter === undefined) return undefined;
  let total = counter.closed;
  for (const socket of counter.open) total += socket.bytesWritten;
  return total;
}
