import type { Compression } from "./compression.ts";
import type { MethodDescriptor } from "./descriptor.ts";
import type { Metadata, MetadataValue } from "./metadata.ts";
import type { PeerCertificate } from "./peer-certificate.ts";
import type { UpgradeRequest } from "./upgrade-request.ts";

/**
 * What a handler knows about its call besides the request. The same object is the propagation
 * context: client calls made while the handler runs inherit its `deadline` and `signal`.
 */
export interface HandlerContext {
  /** The method being served. */
  readonly method: MethodDescriptor;
  /** Request headers. */
  readonly metadata: Metadata;
  /** The client's deadline in ms since the epoch, or `undefined` if it set none. */
  readonly deadline: number | undefined;
  /**
   * Aborts on client cancel, deadline (reason: an `RpcError` with `DeadlineExceeded`), connection
   * loss and server shutdown. Not aborted when the call completes normally.
   */
  readonly signal: AbortSignal;
  /**
   * Aborts when the server starts a graceful close (GOAWAY sent): the call may still finish, but
   * long-lived streams (watches, subscriptions) should end now — cleanly, with OK — instead of
   * holding `close()` for the whole grace period. Never aborts on transports without shutdown.
   */
  readonly draining: AbortSignal;
  /** The transport's description of the client, e.g. `"127.0.0.1:53122"`. */
  readonly peer: string;
  /**
   * The client's certificate, verified by the server (mTLS: `createServer({ tls: { …, ca,
   * requestCert: true } })`); `undefined` without TLS or without a verified client certificate.
   * Read once per connection, at its TLS handshake.
   */
  readonly peerCertificate: PeerCertificate | undefined;
  /**
   * Calls over WebSocket: the HTTP request the connection was upgraded from (URL and headers, such
   * as cookies and Origin); `undefined` over TCP, TLS and unix sockets.
   */
  readonly upgradeRequest: UpgradeRequest | undefined;
  /** Adds a response header; ignored once headers were sent (first message or end of call). */
  setHeader(name: string, value: MetadataValue): void;
  /** Adds a trailer; sent when the call ends, also on errors. */
  setTrailer(name: string, value: MetadataValue): void;
  /**
   * Compresses this call's responses from the next message on with `compression`, overriding the
   * server's `compression` option: an algorithm (used when the client accepts it, else the other
   * one it accepts) or `"none"`. Ignored by transports without compression; a bad name throws
   * `InvalidArgument`.
   */
  setCompression(compression: Compression): void;
}
