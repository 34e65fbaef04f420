/**
 * gRPC server reflection over real sockets: `createServer({ reflection: true })` serves
 * `grpc.reflection.v1` and `v1alpha` from the descriptors generated modules embed — list_services,
 * file_containing_symbol (service, method, message, nested enum), file_by_filename, extensions,
 * each file with its imports (well-known types included) and, within one stream, each import
 * once; NOT_FOUND as an error_response on a stream that goes on; `{ files }` for tree-shaken
 * servers; and no reflection unless asked. The returned bytes are decoded with protobufjs's own
 * descriptor schema and rebuilt into types that read the services' messages.
 */
import { describe, expect, test } from "bun:test";
import protobuf from "protobufjs";
import descriptor from "protobufjs/ext/descriptor/index.js";
import { Code, createClient, createServer, type Server } from "strand";
import { Health } from "strand/health";
import { ServerReflection, ServerReflectionV1Alpha, type ServerReflectionRequest, type ServerReflectionResponse } from "strand/reflection";
import type { MessageInit } from "strand/protobuf";
import { Greeter, file_greeter_v1_greeter } from "../../examples/greeter/src/gen/greeter/v1/greeter.ts";
import { OrderService } from "../../codegen/test/golden/acme/shop/v1/order_service.ts";
import { Order, Order_Status } from "../../codegen/test/golden/acme/shop/v1/shop.ts";
import "../../codegen/test/golden/acme/options/v1/options.ts"; // registers a file that extends google.protobuf.FieldOptions
import { TestService } from "@strand/rpc/testing";
import { testChannel } from "../support/channel.ts";
import { listenLocal } from "../support/listen.ts";
import { Pushable } from "../support/pushable.ts";
import { rpcFailure } from "../support/rpc-failure.ts";

type Question = NonNullable<MessageInit<ServerReflectionRequest>["messageRequest"]>;

interface DecodedFile {
  name: string;
  package?: string;
  dependency: string[];
  messageType: Array<{ name: string; field: Array<{ name: string; number: number; typeName?: string }>; nestedType: Array<{ name: string }>; enumType: Array<{ name: string; value: Array<{ name: string }> }> }>;
  service: Array<{ name: string; method: Array<{ name: string; inputType: string; outputType: string; clientStreaming?: boolean; serverStreaming?: boolean }> }>;
}

const FileDescriptorProto = (descriptor as unknown as { FileDescriptorProto: protobuf.Type }).FileDescriptorProto;

function decodeFile(bytes: Uint8Array): DecodedFile {
  return FileDescriptorProto.toObject(FileDescriptorProto.decode(bytes), { arrays: true, defaults: false }) as DecodedFile;
}

/** One reflection stream asked one question at a time (as reflection clients do). */
function conversation(server: string, version: "v1" | "v1alpha" = "v1") {
  const channel = testChannel(server);
  const service = version === "v1" ? ServerReflection : ServerReflectionV1Alpha;
  const requests = new Pushable<MessageInit<ServerReflectionRequest>>();
  const answers = (createClient(service, channel).serverReflectionInfo(requests) as AsyncIterable<ServerReflectionResponse>)[Symbol.asyncIterator]();
  return {
    async ask(messageRequest: Question, host = ""): Promise<ServerReflectionResponse> {
      requests.push({ host, messageRequest });
      const next = await answers.next();
      if (next.done === true) throw new Error("the stream ended");
      return next.value;
    },
    async files(messageRequest: Question): Promise<DecodedFile[]> {
      const answer = (await this.ask(messageRequest)).messageResponse;
      if (answer.case !== "fileDescriptorResponse") throw new Error(`expected files, got ${JSON.stringify(answer)}`);
      return answer.value.fileDescriptorProto.map(decodeFile);
    },
    async [Symbol.asyncDispose]() {
      requests.end();
      await answers.return?.();
      channel.close();
    },
  };
}

async function reflectingServer(): Promise<{ server: Server; target: string }> {
  const server = createServer({ reflection: true })
    .add(Greeter, { sayHello: (r) => ({ message: `hi ${r.name}` }) })
    .add(OrderService, {});
  return { server, target: await listenLocal(server) };
}

describe("reflection: true", () => {
  test("list_services names every service of the server: its own, health and both reflection versions, sorted", async () => {
    const { server, target } = await reflectingServer();
    await using _ = server;
    await using talk = conversation(target);
    const answer = await talk.ask({ case: "listServices", value: "*" }, "example.com");
    expect(answer.validHost).toBe("example.com");
    expect(answer.originalRequest?.messageRequest).toEqual({ case: "listServices", value: "*" });
    expect(answer.messageResponse).toEqual({
      case: "listServicesResponse",
      value: { service: ["acme.shop.v1.OrderService", "greeter.v1.Greeter", "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection"].map((name) => ({ name })) },
    });
    // A service added after listening is listed too.
    server.add(TestService, { echo: (m) => m });
    expect((await talk.ask({ case: "listServices", value: "" })).messageResponse.value).toMatchObject({ service: expect.arrayContaining([{ name: TestService.typeName }]) });
  });

  test("file_containing_symbol: a service, a method, a message, a nested enum; each file comes with its imports, each import once per stream", async () => {
    const { server, target } = await reflectingServer();
    await using _ = server;
    await using talk = conversation(target);

    const [greeter, ...none] = await talk.files({ case: "fileContainingSymbol", value: "greeter.v1.Greeter" });
    expect(none).toEqual([]);
    expect(greeter!.name).toBe("greeter/v1/greeter.proto");
    expect(greeter!.service[0]).toEqual({ name: "Greeter", method: [
      { name: "SayHello", inputType: ".greeter.v1.HelloRequest", outputType: ".greeter.v1.HelloReply" },
      { name: "StreamGreetings", inputType: ".greeter.v1.HelloRequest", outputType: ".greeter.v1.HelloReply", serverStreaming: true },
    ] } as never);
    expect((await talk.files({ case: "fileContainingSymbol", value: "greeter.v1.Greeter.SayHello" })).map((f) => f.name)).toEqual(["greeter/v1/greeter.proto"]);

    // The order service's file: itself, then every file it imports, transitively (well-known types included).
    const orders = await talk.files({ case: "fileContainingSymbol", value: "acme.shop.v1.OrderService.Watch" });
    expect(orders.map((f) => f.name)).toEqual([
      "acme/shop/v1/order_service.proto",
      "acme/shop/v1/shop.proto",
      "google/protobuf/empty.proto",
      "acme/common/v1/money.proto",
      "google/protobuf/any.proto",
      "google/protobuf/duration.proto",
      "google/protobuf/field_mask.proto",
      "google/protobuf/struct.proto",
      "google/protobuf/timestamp.proto",
      "google/protobuf/wrappers.proto",
    ]);
    const watch = orders[0]!.service[0]!.method.find((m) => m.name === "Watch")!;
    expect(watch).toEqual({ name: "Watch", inputType: ".acme.shop.v1.WatchRequest", outputType: ".acme.shop.v1.Order", serverStreaming: true } as never);

    // Asked again on the same stream: the file itself, none of the imports it was sent already.
    expect((await talk.files({ case: "fileContainingSymbol", value: "acme.shop.v1.Order" })).map((f) => f.name)).toEqual(["acme/shop/v1/shop.proto"]);
    const [shop] = await talk.files({ case: "fileContainingSymbol", value: "acme.shop.v1.Order.Status" });
    const order = shop!.messageType.find((m) => m.name === "Order")!;
    expect(order.enumType.find((e) => e.name === "Status")!.value.map((v) => v.name)).toEqual(Object.keys(Order_Status).filter((k) => Number.isNaN(Number(k))));
    expect(order.nestedType.map((n) => n.name)).toContain("Line");
    expect((await talk.files({ case: "fileContainingSymbol", value: ".acme.shop.v1.Order.Line" }))[0]!.name).toBe("acme/shop/v1/shop.proto");

    // A new stream starts over.
    await using fresh = conversation(target);
    expect((await fresh.files({ case: "fileContainingSymbol", value: "acme.shop.v1.Order" })).length).toBe(8);
  });

  test("file_by_filename; the bytes rebuild types (protobufjs) that read what Strand's generated code writes", async () => {
    const { server, target } = await reflectingServer();
    await using _ = server;
    await using talk = conversation(target);
    const answer = (await talk.ask({ case: "fileByFilename", value: "acme/shop/v1/shop.proto" })).messageResponse;
    const all = answer.case === "fileDescriptorResponse" ? answer.value.fileDescriptorProto : [];
    const files = all.map(decodeFile);
    expect(files[0]!.name).toBe("acme/shop/v1/shop.proto");
    expect(files[0]!.dependency).toContain("google/protobuf/timestamp.proto");
    expect(files.map((f) => f.name)).toContain("google/protobuf/timestamp.proto");
    expect((await talk.files({ case: "fileByFilename", value: "acme/shop/v1/shop.proto" })).map((f) => f.name)).toEqual(["acme/shop/v1/shop.proto"]);
    const set = (descriptor as unknown as { FileDescriptorSet: protobuf.Type }).FileDescriptorSet;
    const root = (protobuf.Root as unknown as { fromDescriptor(set: unknown): protobuf.Root }).fromDescriptor(set.fromObject({ file: all.map((b) => FileDescriptorProto.decode(b)) }));
    const type = root.lookupType("acme.shop.v1.Order");
    const bytes = Order.encode(Order.create({ id: "o-7", status: Order_Status.STATUS_SHIPPED, lines: [{ sku: "a", quantity: 2 }] }));
    expect(type.toObject(type.decode(bytes), { enums: String })).toMatchObject({ id: "o-7", status: "STATUS_SHIPPED", lines: [{ sku: "a", quantity: 2 }] });
  });

  test("extensions: file_containing_extension and all_extension_numbers_of_type from the files' own declarations", async () => {
    const { server, target } = await reflectingServer();
    await using _ = server;
    await using talk = conversation(target);
    const numbers = await talk.ask({ case: "allExtensionNumbersOfType", value: "google.protobuf.FieldOptions" });
    expect(numbers.messageResponse).toEqual({ case: "allExtensionNumbersResponse", value: { baseTypeName: "google.protobuf.FieldOptions", extensionNumber: [50001] } });
    const files = await talk.files({ case: "fileContainingExtension", value: { containingType: "google.protobuf.FieldOptions", extensionNumber: 50001 } });
    expect(files[0]!.name).toBe("acme/options/v1/options.proto");
    const none = await talk.ask({ case: "allExtensionNumbersOfType", value: "acme.shop.v1.Order" });
    expect(none.messageResponse).toEqual({ case: "allExtensionNumbersResponse", value: { baseTypeName: "acme.shop.v1.Order", extensionNumber: [] } });
  });

  test("what is not there is NOT_FOUND on the stream, which goes on", async () => {
    const { server, target } = await reflectingServer();
    await using _ = server;
    await using talk = conversation(target);
    for (const question of [
      { case: "fileContainingSymbol", value: "no.such.Symbol" },
      { case: "fileByFilename", value: "no/such.proto" },
      { case: "fileContainingExtension", value: { containingType: "google.protobuf.FieldOptions", extensionNumber: 7 } },
      { case: "allExtensionNumbersOfType", value: "no.such.Type" },
    ] as const) {
      const answer = await talk.ask(question);
      expect(answer.messageResponse.case).toBe("errorResponse");
      expect(answer.messageResponse.value).toMatchObject({ errorCode: Code.NotFound });
    }
    expect((await talk.files({ case: "fileContainingSymbol", value: "greeter.v1.HelloRequest" }))[0]!.name).toBe("greeter/v1/greeter.proto");
  });

  test("an empty request ends the stream with INVALID_ARGUMENT", async () => {
    const { server, target } = await reflectingServer();
    await using _ = server;
    await using talk = conversation(target);
    const failure = await rpcFailure(talk.ask({ case: undefined }));
    expect(failure.code).toBe(Code.InvalidArgument);
  });

  test("v1alpha answers the same conversation", async () => {
    const { server, target } = await reflectingServer();
    await using _ = server;
    await using talk = conversation(target, "v1alpha");
    expect((await talk.ask({ case: "listServices", value: "" })).messageResponse.value).toMatchObject({ service: expect.arrayContaining([{ name: "greeter.v1.Greeter" }]) });
    expect((await talk.files({ case: "fileContainingSymbol", value: "grpc.health.v1.Health" })).map((f) => f.name)).toEqual(["grpc/health/v1/health.proto"]);
    expect((await talk.ask({ case: "fileByFilename", value: "nope.proto" })).messageResponse).toEqual({ case: "errorResponse", value: { errorCode: Code.NotFound, errorMessage: 'file "nope.proto" not found' } });
  });
});

describe("other settings", () => {
  test("off by default: both reflection services are UNIMPLEMENTED", async () => {
    await using server = createServer().add(Greeter, {});
    const target = await listenLocal(server);
    for (const version of ["v1", "v1alpha"] as const) {
      await using talk = conversation(target, version);
      expect((await rpcFailure(talk.ask({ case: "listServices", value: "" }))).code).toBe(Code.Unimplemented);
    }
  });

  test("{ files }: those files, their imports and the server's own — nothing else registered", async () => {
    await using server = createServer({ reflection: { files: [file_greeter_v1_greeter] } }).add(Greeter, {}).add(OrderService, {});
    await using talk = conversation(await listenLocal(server));
    expect((await talk.files({ case: "fileContainingSymbol", value: "greeter.v1.Greeter" }))[0]!.name).toBe("greeter/v1/greeter.proto");
    expect((await talk.files({ case: "fileContainingSymbol", value: "grpc.reflection.v1.ServerReflection" }))[0]!.name).toBe("grpc/reflection/v1/reflection.proto");
    expect((await talk.ask({ case: "fileContainingSymbol", value: "acme.shop.v1.OrderService" })).messageResponse.case).toBe("errorResponse");
    // Listed all the same: list_services names what the server serves.
    expect((await talk.ask({ case: "listServices", value: "" })).messageResponse.value).toMatchObject({ service: expect.arrayContaining([{ name: "acme.shop.v1.OrderService" }]) });
  });

  test("health: false leaves the health service out of the list; a bad option fails at construction", async () => {
    await using server = createServer({ reflection: true, health: false });
    await using talk = conversation(await listenLocal(server));
    expect((await talk.ask({ case: "listServices", value: "" })).messageResponse.value).toEqual({
      service: [{ name: "grpc.reflection.v1.ServerReflection" }, { name: "grpc.reflection.v1alpha.ServerReflection" }],
    });
    expect(() => createServer({ reflection: "yes" as never })).toThrow("createServer: reflection must be a boolean or { files: FileDescriptor[] }");
    expect(() => createServer({ reflection: { files: [Health as never] } })).toThrow(TypeError);
  });
});
