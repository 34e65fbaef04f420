/**
 * The CLI's side of gRPC server reflection: one `ServerReflectionInfo` stream per command, asked
 * one question at a time, on `grpc.reflection.v1` — or `v1alpha` when the server has only that,
 * as older gRPC servers do. Answers come back as serialized `FileDescriptorProto`s, which become
 * the codegen's {@link Model} through plugin mode's builder, so a reflected schema is read
 * exactly as `protoc` output is.
 */
import type { CallOptions, Channel } from "strand";
import { CodegenError } from "../diagnostic.ts";
import { decodeFileProto, type FileProto } from "../descriptor-schema.ts";
import { modelFromDescriptors } from "../descriptor-model.ts";
import type { Model } from "../model.ts";
import type { Runtime } from "./client-channel.ts";
import { RequestQueue } from "./request-queue.ts";

type Question =
  | { readonly case: "listServices"; readonly value: string }
  | { readonly case: "fileContainingSymbol"; readonly value: string }
  | { readonly case: "fileByFilename"; readonly value: string };

/** The part of a `ServerReflectionResponse` the CLI reads (identical in v1 and v1alpha). */
interface Answer {
  readonly messageResponse:
    | { readonly case: "fileDescriptorResponse"; readonly value: { readonly fileDescriptorProto: readonly Uint8Array[] } }
    | { readonly case: "listServicesResponse"; readonly value: { readonly service: readonly { readonly name: string }[] } }
    | { readonly case: "errorResponse"; readonly value: { readonly errorCode: number; readonly errorMessage: string } }
    | { readonly case: "allExtensionNumbersResponse" | undefined; readonly value?: unknown };
}

type ReflectionMethod = (requests: AsyncIterable<{ messageRequest: Question }>, options?: CallOptions) => AsyncIterable<Answer>;

/** A reflection conversation with one server. */
export class ReflectionClient {
  #stream: { readonly queue: RequestQueue<{ messageRequest: Question }>; readonly answers: AsyncIterator<Answer> } | undefined;
  #version: "v1" | "v1alpha" = "v1";
  private readonly runtime: Runtime;
  private readonly channel: Channel;
  private readonly options: CallOptions;

  constructor(runtime: Runtime, channel: Channel, options: CallOptions) {
    this.runtime = runtime;
    this.channel = channel;
    this.options = options;
  }

  /** Names of the services the server offers, sorted. */
  async listServices(): Promise<string[]> {
    const answer = await this.#ask({ case: "listServices", value: "" });
    if (answer.messageResponse.case !== "listServicesResponse") throw unexpected(answer);
    return answer.messageResponse.value.service.map((s) => s.name).sort();
  }

  /** The model of the file defining `symbol` and of every file it imports. */
  async modelOf(symbol: string): Promise<Model> {
    const files = new Map<string, FileProto>();
    this.#add(files, await this.#ask({ case: "fileContainingSymbol", value: symbol.replace(/^\./, "") }), symbol);
    // Servers send the imports along (and skip those sent before on the stream); ask for any missing.
    for (let missing = missingImports(files); missing.length > 0; missing = missingImports(files)) {
      for (const name of missing) this.#add(files, await this.#ask({ case: "fileByFilename", value: name }), name);
    }
    return modelFromDescriptors([...files.values()]);
  }

  /** Ends the stream. */
  close(): void {
    this.#stream?.queue.end();
    this.#stream = undefined;
  }

  #add(files: Map<string, FileProto>, answer: Answer, asked: string): void {
    const response = answer.messageResponse;
    if (response.case === "errorResponse") {
      const notFound = response.value.errorCode === this.runtime.Code.NotFound;
      const reason = response.value.errorMessage === "" ? `${asked} not found` : response.value.errorMessage;
      throw new CodegenError("usage", notFound ? reason : `${this.runtime.codeName(response.value.errorCode)}: ${reason}`);
    }
    if (response.case !== "fileDescriptorResponse") throw unexpected(answer);
    for (const bytes of response.value.fileDescriptorProto) {
      const file = decodeFileProto(bytes);
      files.set(file.name, file);
    }
  }

  async #ask(question: Question): Promise<Answer> {
    try {
      return await this.#askOn(question);
    } catch (error) {
      // A server without v1 answers Unimplemented on the first question: try v1alpha once.
      if (this.#version === "v1" && this.runtime.RpcError.from(error).code === this.runtime.Code.Unimplemented) {
        this.close();
        this.#version = "v1alpha";
        return this.#askOn(question);
      }
      throw error;
    }
  }

  async #askOn(question: Question): Promise<Answer> {
    if (this.#stream === undefined) {
      const module = await import("strand/reflection");
      const service = this.#version === "v1" ? module.ServerReflection : module.ServerReflectionV1Alpha;
      const client = this.runtime.createClient(service, this.channel) as unknown as { serverReflectionInfo: ReflectionMethod };
      const queue = new RequestQueue<{ messageRequest: Question }>();
      this.#stream = { queue, answers: client.serverReflectionInfo(queue, this.options)[Symbol.asyncIterator]() };
    }
    this.#stream.queue.push({ messageRequest: question });
    const next = await this.#stream.answers.next();
    if (next.done === true) throw new CodegenError("io", "the server ended the reflection stream without answering");
    return next.value;
  }
}

/** Imports named by the files so far that are not among them. */
function missingImports(files: ReadonlyMap<string, FileProto>): string[] {
  return [...new Set([...files.values()].flatMap((f) => f.dependency ?? []))].filter((name) => !files.has(name));
}

function unexpected(answer: Answer): CodegenError {
  return new CodegenError("io", `unexpected reflection answer: ${String(answer.messageResponse.case)}`);
}
