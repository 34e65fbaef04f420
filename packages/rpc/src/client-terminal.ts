import { ClientCall } from "./client-call.ts";
import type { ClientOptions } from "./client-options.ts";
import { Code } from "./code.ts";
import { verifyCompression } from "./compression.ts";
import { deadlineExceeded } from "./deadline.ts";
import type { MethodDescriptor } from "./descriptor.ts";
import { encodePathEntry, encodeRequestHead } from "./header-encoder.ts";
import type { CallFn, CallRequest, CallResponse, StreamResponse, UnaryRequest, UnaryResponse } from "./interceptor.ts";
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

/**
 * The unary path when the client has no interceptors: one promise, settled with the decoded
 * response, instead of a response envelope unwrapped by two more `then`s.
 */
export function createUnaryCall(start: CallStarter): (req: UnaryRequest) => Promise<unknown> {
  return (req: UnaryRequest): Promise<unknown> => {
    const call = start(req);
    if (!(call instanceof ClientCall)) return call;
    return call.single();
  };
}

/** Opens one call for a request; a rejected promise if encoding or validation fails. */
export type CallStarter = (req: CallRequest) => ClientCall | Promise<never>;

/**
 * Encodes the head (and a single request) and opens the call. One per client, shared by the
 * interceptor chain's terminal and the interceptor-free unary path (one path-entry cache).
 */
export function createCallStarter(transport: Transport, config: ClientOptions): CallStarter {
  const pathEntries = new WeakMap<MethodDescriptor, Uint8Array>();
  return (req: CallRequest): ClientCall | Promise<never> => {
    const method = req.method;
    let pathEntry = pathEntries.get(method);
    if (pathEntry === undefined) pathEntries.set(method, (pathEntry = encodePathEntry(method.path)));
    const singleRequest = method.kind === "unary" || method.kind === "server_streaming";
    const singleResponse = method.kind === "unary" || method.kind === "client_streaming";
    if (req.stream === singleRequest) {
      return Promise.reject(new RpcError(Code.Internal, `a ${method.kind} call needs a ${singleRequest ? "unary" : "stream"} request`));
    }
    let head: Uint8Array;
    let message: Uint8Array | undefined;
    try {
      const timeoutMs = req.deadline === undefined ? undefined : req.deadline - Date.now();
      if (timeoutMs !== undefined && timeoutMs <= 0) return Promise.reject(deadlineExceeded());
      if (req.compression !== undefined) verifyCompression("the compression call option", req.compression);
      head = encodeRequestHead(pathEntry, timeoutMs, req.header, config.metadataSoftLimitBytes);
      if (!req.stream) message = method.input.encode(req.message);
    } catch (error) {
      return Promise.reject(RpcError.from(error, Code.InvalidArgument));
    }
    const open = { head, message, end: !req.stream, waitForReady: req.waitForReady, compression: req.compression };
    const call = new ClientCall(transport, method, open, config, singleResponse, req.signal, req);
    call.start(req.deadline);
    if (req.stream) void pump(call, req.messages, method);
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
