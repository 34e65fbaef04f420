import { Code } from "../code.ts";
import { RpcError } from "../rpc-error.ts";
import type {
  CallAcceptor,
  CancelReason,
  ClientCallListener,
  ClientTransportCall,
  OpenCall,
  ServerCallListener,
  ServerTransportCall,
  Transport,
} from "../transport.ts";
import { Pipe, type PipeEvent } from "./pipe.ts";

/** Options of {@link MemoryTransport}. */
export interface MemoryTransportOptions {
  /** Per-stream, per-direction flow-control window in bytes; `send` waits past it. Default: 65,536. */
  readonly windowBytes?: number;
  /** What server handlers see as `ctx.peer`. Default: `"memory"`. */
  readonly peer?: string;
  /** Deliver inside `request()` instead of on a microtask, to prove callers tolerate re-entrancy. Default: false. */
  readonly syncDelivery?: boolean;
  /** Start disconnected (calls fail fast or, with `waitForReady`, wait for `connect()`). Default: true. */
  readonly connected?: boolean;
}

/**
 * An in-process `Transport` wired straight to a `CallAcceptor`, with the wire's semantics where
 * they matter to the RPC layer: per-stream flow control (bounded windows, demand-driven
 * delivery), ordered headers/messages/trailers, resets, connection loss and GOAWAY-style refusal.
 * Used by this package's tests and useful to test services without sockets.
 */
export class MemoryTransport implements Transport {
  readonly #acceptor: CallAcceptor;
  readonly windowBytes: number;
  readonly peer: string;
  readonly syncDelivery: boolean;
  #connected: boolean;
  #refuse = 0;
  #waiting: MemoryStream[] = [];
  readonly #live = new Set<MemoryStream>();
  /** Calls opened so far (including refused and retried ones). */
  opened = 0;

  constructor(acceptor: CallAcceptor, options: MemoryTransportOptions = {}) {
    this.#acceptor = acceptor;
    this.windowBytes = options.windowBytes ?? 65536;
    this.peer = options.peer ?? "memory";
    this.syncDelivery = options.syncDelivery ?? false;
    this.#connected = options.connected ?? true;
  }

  /** Streams currently open (a leak check for tests). */
  get liveStreams(): number {
    return this.#live.size;
  }

  openCall(open: OpenCall, listener: ClientCallListener): ClientTransportCall {
    this.opened++;
    const stream = new MemoryStream(this, open, listener);
    if (this.#refuse > 0) {
      this.#refuse--;
      queueMicrotask(() => stream.fail(new RpcError(Code.Unavailable, "stream refused (GOAWAY)"), true));
    } else if (!this.#connected) {
      if (open.waitForReady) this.#waiting.push(stream);
      else queueMicrotask(() => stream.fail(new RpcError(Code.Unavailable, "not connected"), true));
    } else {
      this.#start(stream);
    }
    return stream.clientEnd;
  }

  /** Makes the next `n` calls fail as if the server's GOAWAY said it never processed them. */
  refuseNext(n: number): void {
    this.#refuse += n;
  }

  /** Connects: calls queued by `waitForReady` start. */
  connect(): void {
    this.#connected = true;
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const s of waiting) if (!s.done) this.#start(s);
  }

  /** Drops the "connection": every live call fails on both sides with `Unavailable`. */
  disconnect(reason = "connection lost"): void {
    this.#connected = false;
    for (const s of [...this.#live]) s.lose(new RpcError(Code.Unavailable, reason));
  }

  /** @internal */
  forget(stream: MemoryStream): void {
    this.#live.delete(stream);
  }

  #start(stream: MemoryStream): void {
    this.#live.add(stream);
    queueMicrotask(() => stream.accept(this.#acceptor));
  }
}

/**
 * One in-memory stream: two pipes and both listeners. The client and server handles are separate
 * objects because `request`/`send` mean opposite directions on each side.
 */
class MemoryStream {
  readonly #transport: MemoryTransport;
  readonly #open: OpenCall;
  readonly #client: ClientCallListener;
  #server: ServerCallListener | undefined;
  readonly up: Pipe;
  readonly down: Pipe;
  #done = false;
  readonly clientEnd: ClientTransportCall;
  readonly serverEnd: ServerTransportCall;

  constructor(transport: MemoryTransport, open: OpenCall, client: ClientCallListener) {
    this.#transport = transport;
    this.#open = open;
    this.#client = client;
    this.up = new Pipe(transport.windowBytes, transport.syncDelivery, (e) => this.#toServer(e));
    this.down = new Pipe(transport.windowBytes, transport.syncDelivery, (e) => this.#toClient(e));
    this.clientEnd = {
      request: (n) => this.down.request(n),
      send: (message) => (this.#done ? undefined : this.up.push({ kind: "message", message })),
      end: () => {
        if (!this.#done) void this.up.push({ kind: "end", block: undefined });
      },
      cancel: (reason) => this.#cancel(reason),
    };
    this.serverEnd = {
      head: open.head,
      peer: transport.peer,
      request: (n) => this.up.request(n),
      sendHeaders: (block, message) => {
        if (this.#done) return undefined;
        void this.down.push({ kind: "headers", block });
        return message === undefined ? undefined : this.down.push({ kind: "message", message });
      },
      send: (message) => (this.#done ? undefined : this.down.push({ kind: "message", message })),
      close: (trailers) => {
        if (this.#done) return;
        this.up.close();
        void this.down.push({ kind: "end", block: trailers });
      },
      reset: () => this.#reset(),
    };
  }

  get done(): boolean {
    return this.#done;
  }

  accept(acceptor: CallAcceptor): void {
    if (this.#done) return;
    this.#server = acceptor.accept(this.serverEnd);
    if (this.#open.message !== undefined) void this.up.push({ kind: "message", message: this.#open.message });
    if (this.#open.end) void this.up.push({ kind: "end", block: undefined });
  }

  /** Client-side failure before or without the server (refused, not connected). */
  fail(error: RpcError, notProcessed: boolean): void {
    if (this.#done) return;
    this.#finish();
    this.#client.onError(error, notProcessed);
  }

  /** Connection loss: both sides hear about it. */
  lose(error: RpcError): void {
    if (this.#done) return;
    const server = this.#server;
    this.#finish();
    this.#client.onError(error, false);
    server?.onCancel(error);
  }

  #cancel(reason: CancelReason = "cancel"): void {
    if (this.#done) return;
    const server = this.#server;
    this.#finish();
    const error = reason === "deadline" ? new RpcError(Code.DeadlineExceeded, "the client's deadline passed") : new RpcError(Code.Canceled, "call canceled by the client");
    if (server !== undefined) queueMicrotask(() => server.onCancel(error));
  }

  #reset(): void {
    if (this.#done) return;
    this.#finish();
    queueMicrotask(() => this.#client.onError(new RpcError(Code.Canceled, "stream reset by the server"), false));
  }

  #toServer(event: PipeEvent): void {
    if (this.#done || this.#server === undefined) return;
    switch (event.kind) {
      case "message":
        return this.#server.onMessage(event.message, 0, event.message.length);
      case "end":
        return this.#server.onHalfClose();
      case "headers":
        return;
    }
  }

  #toClient(event: PipeEvent): void {
    if (this.#done) return;
    switch (event.kind) {
      case "headers":
        return this.#client.onHeaders(event.block);
      case "message":
        return this.#client.onMessage(event.message, 0, event.message.length);
      case "end":
        this.#finish();
        return this.#client.onTrailers(event.block ?? new Uint8Array(0));
    }
  }

  #finish(): void {
    this.#done = true;
    this.up.close();
    this.down.close();
    this.#transport.forget(this);
  }
}
