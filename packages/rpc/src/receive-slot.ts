import { Code } from "./code.ts";
import type { MessageCodec, MethodDescriptor } from "./descriptor.ts";
import { decodeMessage, NO_MESSAGE } from "./message-decode.ts";
import { RpcError } from "./rpc-error.ts";

/** Which messages an end of a call receives: a server receives requests, a client responses. */
export type ReceiveSide = "request" | "response";

/**
 * How each side words its receive errors, and whose fault a message that does not decode is: a
 * bad request is the client's (`InvalidArgument`), a bad response the server's (`Internal`).
 */
const SIDES = {
  request: { undecodable: Code.InvalidArgument, second: "with more than one request message", missing: "without a request message" },
  response: { undecodable: Code.Internal, second: "received more than one response", missing: "ended OK without a response" },
} as const;

/**
 * The receive side of a call, shared by client and server calls: the one message received and not
 * yet taken, kept as `bytes[start, end)` of the transport's buffer and decoded only when taken.
 *
 * A slot, not a queue: a call asks the transport for the next message only once this one is taken
 * (one at a time for streams; two for a single message, so that a second one is caught at once as
 * a protocol error rather than left waiting). A message delivered while the slot is full was never
 * requested, a transport bug that fails the call with `Internal`.
 *
 * A base class rather than a field, so that the slot costs no object of its own: these are the
 * unary and streaming hot paths, and holding or taking a message allocates nothing but the decoded
 * message. Errors are returned or thrown as `RpcError`s; ending the call with them is the caller's.
 */
export abstract class ReceiveSlot {
  #bytes: Uint8Array | undefined;
  #start = 0;
  #end = 0;
  /** Messages received so far; counted only where exactly one is expected. */
  #received = 0;
  /** Exactly one message is expected on this side (a single request or a single response). */
  protected readonly singleMessage: boolean;

  /** The method called. */
  abstract readonly method: MethodDescriptor;
  /** Which messages this end receives (a getter of the subclass: no field per call). */
  protected abstract readonly side: ReceiveSide;
  /** What decodes them: the method's `input` on the server, its `output` on the client. */
  protected abstract readonly codec: MessageCodec<unknown>;

  protected constructor(single: boolean) {
    this.singleMessage = single;
  }

  /** True while a message waits in the slot. */
  protected get holding(): boolean {
    return this.#bytes !== undefined;
  }

  /**
   * Keeps the delivered message `bytes[start, end)` (not copied), or returns the error to end the
   * call with: over `limit` bytes (`ResourceExhausted`), a second message where one is expected,
   * or one while the slot is full (`Internal`).
   */
  protected hold(bytes: Uint8Array, start: number, end: number, limit: number): RpcError | undefined {
    const size = end - start;
    if (size > limit) {
      return new RpcError(Code.ResourceExhausted, `${this.side} message of ${String(size)} bytes exceeds the limit of ${String(limit)} bytes`);
    }
    if (this.singleMessage && ++this.#received > 1) return this.#protocolError(SIDES[this.side].second);
    if (this.#bytes !== undefined) return new RpcError(Code.Internal, `transport delivered a ${this.side} message that was not requested`);
    this.#bytes = bytes;
    this.#start = start;
    this.#end = end;
    return undefined;
  }

  /**
   * Empties the slot and returns its message decoded, or `NO_MESSAGE` when it was empty. Throws
   * the `RpcError` to end the call with when the message does not decode.
   */
  protected takeHeld(): unknown {
    const bytes = this.#bytes;
    if (bytes === undefined) return NO_MESSAGE;
    this.#bytes = undefined;
    return this.#decode(bytes);
  }

  /**
   * The held message decoded, left in the slot: for a single response, read once the call has
   * ended, when emptying the slot would change nothing. Call only while {@link holding}; throws
   * like {@link takeHeld}.
   */
  protected peekHeld(): unknown {
    return this.#decode(this.#bytes!);
  }

  /** Forgets the held message (the call ended; its bytes belong to the transport). */
  protected dropHeld(): void {
    this.#bytes = undefined;
  }

  /** The error to end the call with when the side's single message is not there (its end came first). */
  protected missingSingle(): RpcError | undefined {
    return this.singleMessage && this.#bytes === undefined ? this.#protocolError(SIDES[this.side].missing) : undefined;
  }

  #decode(bytes: Uint8Array): unknown {
    const codec = this.codec;
    try {
      return decodeMessage(codec, bytes, this.#start, this.#end);
    } catch (cause) {
      throw new RpcError(SIDES[this.side].undecodable, `failed to decode ${codec.typeName} ${this.side}: ${String(cause)}`, { cause });
    }
  }

  #protocolError(what: string): RpcError {
    return new RpcError(Code.Internal, `protocol error: ${this.method.kind} call ${what}`);
  }
}
