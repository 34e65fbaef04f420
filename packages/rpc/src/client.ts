import type { CallOptions } from "./call-options.ts";
import { callScope, type CallScope } from "./call-scope.ts";
import { verifyClientOptions, type ClientOptions } from "./client-options.ts";
import { ClientCall } from "./client-call.ts";
import { type CallOpener, createCallOpener, createCallStarter, createClientTerminal } from "./client-terminal.ts";
import type { Client, RequestStream } from "./client-types.ts";
import { Code } from "./code.ts";
import { resolveDeadline } from "./deadline.ts";
import type { MethodDescriptor, ServiceDescriptor } from "./descriptor.ts";
import { applyInterceptors, type CallFn, type CallResponse, type StreamRequest, type UnaryRequest } from "./interceptor.ts";
import { Metadata } from "./metadata.ts";
import { RpcError } from "./rpc-error.ts";
import type { Transport } from "./transport.ts";

/**
 * Builds the typed client of a service on a transport (a channel from `@strand/tcp`, or the
 * in-memory pair in tests). Options are verified here, so a bad limit fails at construction.
 */
export function createClient<S extends ServiceDescriptor>(
  service: S,
  transport: Transport,
  options: Partial<ClientOptions> = {},
): Client<S> {
  const config = verifyClientOptions(options);
  const open = createCallOpener(transport, config);
  const chain = applyInterceptors(createClientTerminal(createCallStarter(open)), config.interceptors);
  const direct = config.interceptors.length === 0 ? open : undefined;
  const target = transport.target; // read once: every request carries the same string (no per-call work)
  const client: Record<string, unknown> = {};
  for (const name of Object.keys(service.methods)) {
    const method = service.methods[name] as MethodDescriptor;
    client[name] = clientMethod(method, chain, direct, target);
  }
  return client as Client<S>;
}

function clientMethod(
  method: MethodDescriptor,
  chain: CallFn,
  direct: CallOpener | undefined,
  target: string | undefined,
): unknown {
  switch (method.kind) {
    case "unary":
      return (request: unknown, options?: CallOptions) => {
        if (direct !== undefined) return directUnary(direct, method, request, options);
        let req: UnaryRequest;
        try {
          req = unaryRequest(method, request, options, undefined, target);
        } catch (error) {
          return Promise.reject(RpcError.from(error, Code.InvalidArgument));
        }
        return chain(req).then(single);
      };
    case "client_streaming":
      return (requests: RequestStream<unknown>, options?: CallOptions) => {
        let req: StreamRequest;
        try {
          req = streamRequest(method, requests, options, undefined, target);
        } catch (error) {
          return Promise.reject(RpcError.from(error, Code.InvalidArgument));
        }
        return chain(req).then(single);
      };
    case "server_streaming":
      return (request: unknown, options?: CallOptions): AsyncIterable<unknown> => ({
        [Symbol.asyncIterator]: () => new StreamingCall((signal) => unaryRequest(method, request, options, signal, target), chain),
      });
    case "bidi_streaming":
      return (requests: RequestStream<unknown>, options?: CallOptions): AsyncIterable<unknown> => ({
        [Symbol.asyncIterator]: () => new StreamingCall((signal) => streamRequest(method, requests, options, signal, target), chain),
      });
  }
}

/**
 * A unary call on a client without interceptors: no request envelope (nobody else sees one), the
 * call options report headers and trailers, and the promise settles with the decoded response.
 * As no interceptor sees the message, a codec that encodes partial messages gets it as it is.
 */
function directUnary(open: CallOpener, method: MethodDescriptor, request: unknown, options: CallOptions | undefined): Promise<unknown> {
  let message: unknown;
  let header: Metadata;
  let deadline: number | undefined;
  let signal: AbortSignal | undefined;
  try {
    const scope = scopeOf(options);
    message = method.input.partialEncode === true && request != null ? request : method.input.create(request as never);
    header = headerOf(options, true);
    deadline = deadlineOf(options, scope);
    signal = signalOf(options, scope, undefined);
  } catch (error) {
    return Promise.reject(RpcError.from(error, Code.InvalidArgument));
  }
  const call = open(method, false, message, undefined, header, deadline, signal, options?.waitForReady ?? false, options?.compression, options ?? NO_CALLBACKS);
  return call instanceof ClientCall ? call.single() : call;
}

/** The callbacks of a call without options. */
const NO_CALLBACKS: CallOptions = Object.freeze({});

function single(res: CallResponse): unknown {
  if (res.stream) throw new RpcError(Code.Internal, `an interceptor returned a stream response for ${res.method.path}`);
  return res.message;
}

/**
 * The iterator of a server- or bidi-streaming call. The call starts on the first `next()`;
 * `return()` (leaving `for await` early) aborts the call's own signal, which resets the stream even
 * when the response headers have not arrived yet.
 */
class StreamingCall implements AsyncIterator<unknown> {
  readonly #controller = new AbortController();
  #response: Promise<CallResponse> | undefined;
  #inner: AsyncIterator<unknown> | undefined;

  constructor(
    private readonly build: (signal: AbortSignal) => UnaryRequest | StreamRequest,
    private readonly chain: CallFn,
  ) {}

  next(): Promise<IteratorResult<unknown>> {
    // After the first message no async wrapper of our own: one promise per message, not two.
    if (this.#inner !== undefined) return this.#inner.next();
    return this.#start();
  }

  async #start(): Promise<IteratorResult<unknown>> {
    this.#response ??= this.chain(this.build(this.#controller.signal));
    const res = await this.#response;
    if (!res.stream) throw new RpcError(Code.Internal, `an interceptor returned a unary response for ${res.method.path}`);
    this.#inner ??= res.messages[Symbol.asyncIterator]();
    return this.#inner.next();
  }

  async return(): Promise<IteratorResult<unknown>> {
    this.#controller.abort(new RpcError(Code.Canceled, "call canceled: the client stopped reading"));
    await this.#inner?.return?.();
    return { done: true, value: undefined };
  }
}

/**
 * The request metadata of calls no interceptor sees and that set none: only read (encoded into the
 * head), so one shared empty instance serves them all instead of a new one per call.
 */
const NO_METADATA = new Metadata();

/** The handler scope a call inherits deadline and cancellation from, unless `detached`. */
function scopeOf(options: CallOptions | undefined): CallScope | undefined {
  return options?.detached === true ? undefined : callScope.getStore();
}

/** The call's deadline: the earliest of its own and the inherited one. */
function deadlineOf(options: CallOptions | undefined, scope: CallScope | undefined): number | undefined {
  // The clock is read only for a timeout: most calls set none, and Date.now is not free.
  return resolveDeadline(options?.timeoutMs, options?.deadline, scope?.deadline, options?.timeoutMs === undefined ? 0 : Date.now());
}

/** The call's signal: its own, the inherited one and the iterator's (`local`), combined only when there are several. */
function signalOf(options: CallOptions | undefined, scope: CallScope | undefined, local: AbortSignal | undefined): AbortSignal | undefined {
  let signal = options?.signal;
  if (scope !== undefined) signal = signal === undefined ? scope.signal : AbortSignal.any([signal, scope.signal]);
  if (local !== undefined) signal = signal === undefined ? local : AbortSignal.any([signal, local]);
  return signal;
}

/** The request metadata; `raw` (no interceptor will see it) and none set: the shared empty one. */
function headerOf(options: CallOptions | undefined, raw: boolean): Metadata {
  return raw && options?.metadata === undefined ? NO_METADATA : new Metadata(options?.metadata);
}

function unaryRequest(
  method: MethodDescriptor,
  request: unknown,
  options: CallOptions | undefined,
  local: AbortSignal | undefined,
  target: string | undefined,
): UnaryRequest {
  const scope = scopeOf(options);
  return {
    stream: false,
    method,
    message: method.input.create(request as never),
    header: headerOf(options, false),
    deadline: deadlineOf(options, scope),
    signal: signalOf(options, scope, local),
    waitForReady: options?.waitForReady ?? false,
    compression: options?.compression,
    onHeader: options?.onHeader,
    onTrailer: options?.onTrailer,
    target,
  };
}

function streamRequest(
  method: MethodDescriptor,
  requests: RequestStream<unknown>,
  options: CallOptions | undefined,
  local: AbortSignal | undefined,
  target: string | undefined,
): StreamRequest {
  const scope = scopeOf(options);
  return {
    stream: true,
    method,
    messages: createEach(requests, method),
    header: headerOf(options, false),
    deadline: deadlineOf(options, scope),
    signal: signalOf(options, scope, local),
    waitForReady: options?.waitForReady ?? false,
    compression: options?.compression,
    onHeader: options?.onHeader,
    onTrailer: options?.onTrailer,
    target,
  };
}

/** Requests may be partial: each goes through the codec's `create`. */
async function* createEach(requests: RequestStream<unknown>, method: MethodDescriptor): AsyncGenerator<unknown> {
  for await (const r of requests) yield method.input.create(r as never);
}
