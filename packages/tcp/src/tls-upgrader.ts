import type { Socket, SocketHandler, TLSOptions } from "bun";
import type { Admission } from "./connection-limits.ts";
import { type ConnectionData, SocketChannel } from "./socket-channel.ts";

/** What {@link tlsUpgrader} returns. */
export interface TlsUpgrader {
  /** The handler of the plain listener: upgrades every accepted socket to TLS. */
  readonly handler: SocketHandler<undefined>;
  /** Force close: ends the sockets whose TLS handshake is still under way (they have no session yet). */
  closeHandshaking(): void;
}

/**
 * The accepting side of a TLS listener that can change its certificate while it listens: the
 * listener itself is plain TCP, and each accepted socket is upgraded (`socket.upgradeTLS`) with
 * the options `current()` returns at that moment, then served by `secure` — so `updateTls`
 * applies to new connections while open ones keep their session. (Bun's native TLS listener
 * fixes its certificate at `Bun.listen`, and `listener.reload` only swaps handlers.)
 *
 * Sockets still in their handshake belong to no listener in Bun's eyes, so they are tracked
 * here until the handshake ends, to be closed by a forced close like any other connection — or
 * after `handshakeTimeoutMs`: a client that connects and never completes its handshake holds no
 * socket for longer than a plain-TCP one that never sends the preface (the SETTINGS deadline).
 *
 * With `admission`, each accepted socket takes its connection and handshake places before the
 * upgrade, and one over a limit is closed there: no TLS state, no handshake spent on it. Its
 * per-connection state (`socket.data`) starts here, in the handshake phase, so that `secure`
 * gives the places back however the connection ends.
 */
export function tlsUpgrader(current: () => TLSOptions, secure: SocketHandler<ConnectionData>, handshakeTimeoutMs: number, admission?: Admission): TlsUpgrader {
  const timeoutSeconds = Math.max(1, Math.ceil(handshakeTimeoutMs / 1000)); // Bun's socket timeouts count whole seconds
  const handshaking = new Set<Socket<ConnectionData>>();
  const settled = (socket: Socket<ConnectionData>): void => void handshaking.delete(socket);
  const tracked: SocketHandler<ConnectionData> = {
    ...secure,
    handshake(socket, success, authorizationError) {
      settled(socket);
      socket.timeout(0); // from here on the session's own deadlines apply
      secure.handshake!(socket, success, authorizationError);
    },
    timeout(socket) {
      if (handshaking.has(socket)) socket.end();
      else secure.timeout?.(socket);
    },
    close(socket, error) {
      settled(socket);
      return secure.close?.(socket, error);
    },
  };
  return {
    handler: {
      open(raw) {
        if (admission?.admit() !== undefined) return void raw.end(); // at a limit: closed before any handshake
        try {
          const [, tls] = raw.upgradeTLS<ConnectionData>({ tls: current(), socket: tracked, data: undefined as unknown as ConnectionData });
          tls.data ??= new SocketChannel(tls);
          handshaking.add(tls);
          tls.timeout(timeoutSeconds);
        } catch {
          admission?.handshakeOver();
          admission?.connectionOver();
          raw.end(); // options were verified when set; nothing sensible to serve with
        }
      },
      // After the upgrade the plain socket only sees the encrypted records: the TLS socket has them.
      data() {},
    },
    closeHandshaking() {
      for (const socket of handshaking) socket.end();
      handshaking.clear();
    },
  };
}
