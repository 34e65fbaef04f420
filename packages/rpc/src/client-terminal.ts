import { type CallCallbacks, ClientCall } from "./client-call.ts";
import type { ClientOptions } from "./client-options.ts";
import { Code } from "./code.ts";
import { type Compression, verifyCompression } from "./compression.ts";
import { deadlineExceeded } from "./deadline.ts";
import type { MethodDescriptor } from "./descriptor.ts";
import { encodePathEntry, encodeRequestHead } from "./header-encoder.ts";
import type { CallFn, CallRequest, CallResponse, StreamResponse, UnaryResponse } from "./interceptor.ts";
import { NO_MESSAGE } from "./message-decode.ts";
import { Metadata } from "./metadata.ts";
import { RpcError } from "./rpc-error.ts";
import type { Transport } from "./transport.ts";

/**
 * The innermost `next` of the client interceptor chain: turns a request into a transport call.
 * Unary calls never touch an async iterator: head and message go out in one `openCall`, and the
 * response is one promise settled by the transport's terminal event.
 */
export function createClientTerminal(start: CallStarter): CallFn {
  return (req: CallRequest): Promise<CallResponse> => {
    const call = start(req);
    if (!(call instanceof ClientCall)) return call;
    return call.singleResponse ? singleResult(call) : streamResult(call);
  };
}

/** Opens one call for a request; a rejected promise if encoding or validation fails. */
export type CallStarter = (req: CallRequest) => ClientCall | Promise<never>;

/**
 * Opens one call from its parts: the request envelope's fields spelled out, so the unary path of
 * a client without interceptors needs no envelope (client.ts). `message` for single requests,
 * `messages` for streams; `callbacks` is what reports headers and trailers (the envelope, or the
 * call options). A rejected promise if encoding or validation fails.
 */
export type CallOpener = (
  method: MethodDescriptor,
  stream: boolean,
  message: unknown,
  messages: AsyncIterable<unknown> | undefined,
  header: Metadata,
  deadline: number | undefined,
  signal: AbortSignal | undefined,
  waitForReady: boolean,
  compression: Compression | undefined,
  callbacks: CallCallbacks,
) => ClientCall | Promise<never>;

/** The interceptor chain's starter: a request envelope taken apart for the opener. */
export function createCallStarter(open: CallOpener): CallStarter {
  return (req: CallRequest): ClientCall | Promise<never> =>
    open(req.method, req.stream, req.stream ? undefined : req.message, req.stream ? req.messages : undefined, req.header, req.deadline, req.signal, req.waitForReady, req.compression, req);
}

/**
 * Encodes the head (and a single request) and opens the call. One per client, shared by the
 * interceptor chain's terminal and the interceptor-free unary path (one path-entry cache).
 */
export function createCallOpener(transport: Transport, config: ClientOptions): CallOpener {
  const pathEntries = new WeakMap<MethodDescriptor, Uint8Array>();
  return (method, stream, message, messages, header, deadline, signal, waitForReady, compression, callbacks) => {
    let pathEntry = pathEntries.get(method);
    if (pathEntry === undefined) pathEntries.set(method, (pathEntry = encodePathEntry(method.path)));
    const singleRequest = method.kind === "unary" || method.kind === "server_streaming";
    const singleResponse = method.kind === "unary" || method.kind === "client_streaming";
    if (stream === singleRequest) {
      return Promise.reject(new RpcError(Code.Internal, `a ${method.kind} call needs a ${singleRequest ? "unary" : "stream"} request`));
    }
    let head: Uint8Array;
    let bytes: Uint8Array | undefined;
    try {
      const timeoutMs = deadline === undefined ? undefined : deadline - Date.now();
      if (timeoutMs !== undefined && timeoutMs <= 0) return Promise.reject(deadlineExceeded());
      if (compression !== undefined) verifyCompression("the compression call option", compression);
      head = encodeRequestHead(pathEntry, timeoutMs, header, config.metadataSoftLimitBytes);
      if (!stream) bytes = method.input.encode(message);
    } catch (error) {
      return Promise.reject(RpcError.from(error, Code.InvalidArgument));
    }
    const open = { head, message: bytes, end: !stream, waitForReady, compression };
    const call = new ClientCall(transport, method, open, config, singleResponse, signal, callbacks);
    call.start(deadline);
    if (messages !== undefined) void pump(call, messages, method);
    return call;
  };
}

function singleResult(call: ClientCall): Promise<UnaryResponse> {
  return call.single().then((message) => ({
    stream: false,
    method: call.method,
    message: message as never,
    header: call.header ?? new Metadata(),
    trailer: call.trailer,
  }));
}

async function streamResult(call: ClientCall): Promise<StreamResponse> {
  await call.headers();
  return {
    stream: true,
    method: call.method,
    messages: { [Symbol.asyncIterator]: () => new ResponseIterator(call) },
    header: call.header ?? new Metadata(),
    trailer: call.trailer,
  };
}

/** Iterates a call's response messages; `return()` (leaving `for await`) cancels the call. */
class ResponseIterator implements AsyncIterator<unknown> {
  constructor(private readonly call: ClientCall) {}

  next(): Promise<IteratorResult<unknown>> {
    // A message already received is decoded without an extra await.
    const ready = this.call.take();
    if (ready !== NO_MESSAGE) return Promise.resolve({ done: false, value: ready });
    return this.call.next().then((message) => (message === NO_MESSAGE ? { done: true, value: undefined } : { done: false, value: message }));
  }

  async return(): Promise<IteratorResult<unknown>> {
    this.call.cancel(new RpcError(Code.Canceled, "call canceled: the client stopped reading"));
    return { done: true, value: undefined };
  }
}

/**
 * Sends request messages as flow control allows: each send is awaited when the transport says so,
 * so a slow server slows the iteration of the caller's requests.
 */
async function pump(call: ClientCall, messages: AsyncIterable<unknown>, method: MethodDescriptor): Promise<void> {
  const it = messages[Symbol.asyncIterator]();
  try {
    for (;;) {
      if (call.done) break;
      const r = await it.next();
      if (r.done === true) return call.end();
      if (call.done) break;
      const pending = call.send(method.input.encode(r.value));
      if (pending !== undefined) await pending;
    }
  } catch (error) {
    call.cancel(RpcError.from(error, Code.Unknown));
    return;
  }
  try {
    await it.return?.();
  } catch {
    // The call already has its outcome; a failing cleanup of the caller's iterator changes nothing.
  }
}
