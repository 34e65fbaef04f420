import type { CancelReason, ClientCallListener, ClientTransportCall, OpenCall, RpcError } from "@strand/rpc";

/**
 * A call waiting for a connection (wait-for-ready, or the channel's first connect). It records
 * what the RPC layer does meanwhile and replays it onto the real call once one is opened.
 */
export class PendingCall implements ClientTransportCall {
  private real: ClientTransportCall | undefined;
  private demand = 0;
  private readonly messages: Uint8Array[] = [];
  private ended = false;
  private started: (() => void) | undefined;
  cancelled = false;

  constructor(
    readonly open: OpenCall,
    readonly listener: ClientCallListener,
    private readonly onCancel: (call: PendingCall) => void,
  ) {}

  /** Hands the call to a real transport call and replays everything recorded so far. */
  start(real: ClientTransportCall): void {
    this.real = real;
    if (this.demand > 0) real.request(this.demand);
    for (const message of this.messages.splice(0)) void real.send(message);
    if (this.ended) real.end();
    this.started?.();
  }

  /** Fails the call before it started. */
  fail(error: RpcError, notProcessed: boolean): void {
    this.cancelled = true;
    this.listener.onError(error, notProcessed);
    this.started?.();
  }

  request(n: number): void {
    if (this.real !== undefined) this.real.request(n);
    else this.demand += n;
  }

  send(message: Uint8Array): Promise<void> | undefined {
    if (this.real !== undefined) return this.real.send(message);
    this.messages.push(message);
    // Hold the producer until the call starts: nothing is buffered beyond one message.
    return new Promise((resolve) => (this.started = resolve));
  }

  end(): void {
    if (this.real !== undefined) this.real.end();
    else this.ended = true;
  }

  cancel(reason?: CancelReason): void {
    if (this.real !== undefined) return this.real.cancel(reason);
    if (this.cancelled) return;
    this.cancelled = true;
    this.onCancel(this);
    this.started?.();
  }
}

/**
 * A call that fails with `error` on the next microtask (listeners are never called from inside
 * `openCall`), unless it is cancelled first.
 */
export function failedCall(open: OpenCall, listener: ClientCallListener, error: RpcError, notProcessed: boolean): ClientTransportCall {
  const call = new PendingCall(open, listener, () => {});
  queueMicrotask(() => {
    if (!call.cancelled) call.fail(error, notProcessed);
  });
  return call;
}
