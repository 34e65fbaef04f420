/**
 * The TypeScript sources `strand init` writes: the Greeter handlers, a server, a client and an
 * end-to-end test. They use only the public API of `strand` plus the generated module, and compile
 * under the scaffold's strict tsconfig (no unused names, bracket access to `process.env`, exact
 * optional properties). Pure functions of {@link ScaffoldNames}.
 */
import type { ScaffoldNames } from "./init-names.ts";
import { generatedImport } from "./init-templates.ts";

/** `src/handlers.ts`: the implementation, shared by the server and the test. */
export function handlersTs(names: ScaffoldNames): string {
  return `import { Code, RpcError } from "strand";
import type { GreeterHandlers, HelloRequest } from "${generatedImport(names)}";

/** "Hello" in the languages \`streamGreetings\` answers in, one reply each. */
const HELLOS = ["Hello", "Bonjour", "Hallo", "Hola"] as const;

/** At most this many names per \`collectNames\` call: a client cannot make the server buffer without end. */
export const MAX_NAMES = 100;

/** The trimmed name; a blank one is the caller's mistake, so INVALID_ARGUMENT. */
function nameOf(request: HelloRequest): string {
  const name = request.name.trim();
  if (name === "") throw new RpcError(Code.InvalidArgument, "name must not be blank");
  return name;
}

/**
 * The Greeter service. Typed as \`GreeterHandlers\`, so the compiler checks that every rpc of the
 * .proto is implemented with the right shape; exported so the server and the test share it.
 */
export const greeterHandlers: GreeterHandlers = {
  // Unary: return the reply, or throw an RpcError to choose the status code.
  async sayHello(request) {
    return { message: \`Hello, \${nameOf(request)}!\` };
  },

  // Server streaming: yield replies; the loop runs only as fast as the client reads.
  async *streamGreetings(request, ctx) {
    const name = nameOf(request);
    for (const hello of HELLOS) {
      if (ctx.signal.aborted) return; // the client cancelled, or its deadline passed
      yield { message: \`\${hello}, \${name}!\` };
    }
  },

  // Client streaming: read every request, then return one reply.
  async collectNames(requests) {
    const names: string[] = [];
    for await (const request of requests) {
      if (names.length === MAX_NAMES) throw new RpcError(Code.ResourceExhausted, \`at most \${MAX_NAMES} names per call\`);
      names.push(nameOf(request));
    }
    return { message: names.length === 0 ? "Hello, nobody!" : \`Hello, \${names.join(", ")}!\` };
  },

  // Bidirectional streaming: answer each request as it arrives.
  async *chat(requests) {
    for await (const request of requests) {
      yield { message: \`Hello, \${nameOf(request)}!\` };
    }
  },
};
`;
}

/** `src/server.ts`: listens on PORT (default 50051) and closes gracefully on SIGTERM / SIGINT. */
export function serverTs(names: ScaffoldNames): string {
  return `import { createServer } from "strand";
import { Greeter } from "${generatedImport(names)}";
import { greeterHandlers } from "./handlers.ts";

const server = createServer();
server.add(Greeter, greeterHandlers);
const { port } = await server.listen({ hostname: "127.0.0.1", port: Number(process.env["PORT"] ?? 50051) });
console.log(\`Greeter listening on 127.0.0.1:\${port}\`);

let closing = false;

/** Graceful stop: refuse new calls, let in-flight ones finish, then exit. A second signal exits at once. */
function shutdown(signal: string): void {
  if (closing) process.exit(1);
  closing = true;
  console.log(\`\${signal}: closing\`);
  server.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
`;
}

/** `src/client.ts`: calls each of the four methods against GREETER and prints the replies. */
export function clientTs(names: ScaffoldNames): string {
  return `import { Code, codeName, createChannel, createClient, RpcError } from "strand";
import { Greeter } from "${generatedImport(names)}";

const channel = createChannel(process.env["GREETER"] ?? "127.0.0.1:50051");
const greeter = createClient(Greeter, channel);

/** Requests for the streaming calls: any iterable works, sync or async. */
async function* people(...names: string[]) {
  for (const name of names) yield { name };
}

try {
  // Unary, with a deadline.
  const reply = await greeter.sayHello({ name: "Ada" }, { timeoutMs: 1_000 });
  console.log(\`sayHello:        \${reply.message}\`);

  // Server streaming: leaving the loop early would cancel the call.
  for await (const greeting of greeter.streamGreetings({ name: "Ada" })) {
    console.log(\`streamGreetings: \${greeting.message}\`);
  }

  // Client streaming: an array works as well as an async iterable.
  const collected = await greeter.collectNames([{ name: "Ada" }, { name: "Grace" }, { name: "Linus" }]);
  console.log(\`collectNames:    \${collected.message}\`);

  // Bidirectional streaming: replies arrive while requests are still being sent.
  for await (const answer of greeter.chat(people("Ada", "Grace"))) {
    console.log(\`chat:            \${answer.message}\`);
  }

  // Failures are RpcErrors carrying a status code.
  try {
    await greeter.sayHello({ name: " " });
  } catch (error) {
    if (!(error instanceof RpcError) || error.code !== Code.InvalidArgument) throw error;
    console.log(\`sayHello(" "):   \${codeName(error.code)}: \${error.message}\`);
  }
} catch (error) {
  if (error instanceof RpcError && error.code === Code.Unavailable) {
    console.error(\`cannot reach the server (\${error.message}); is \\\`bun run start\\\` running?\`);
  } else {
    console.error(error);
  }
  process.exitCode = 1;
} finally {
  channel.close();
}
`;
}

/** `src/greeter.test.ts`: every call kind and two error codes, over a real socket. */
export function greeterTestTs(names: ScaffoldNames): string {
  return `import { describe, expect, test } from "bun:test";
import { Code, createChannel, createClient, createServer } from "strand";
import { Greeter } from "${generatedImport(names)}";
import { greeterHandlers, MAX_NAMES } from "./handlers.ts";

/** A server on a free port and a client of it; \`await using\` closes both when the test ends. */
async function startGreeter() {
  const server = createServer();
  server.add(Greeter, greeterHandlers);
  const { port } = await server.listen({ hostname: "127.0.0.1", port: 0 });
  const channel = createChannel(\`127.0.0.1:\${port}\`);
  return {
    client: createClient(Greeter, channel),
    async [Symbol.asyncDispose]() {
      channel.close();
      await server.close();
    },
  };
}

async function* people(...names: string[]) {
  for (const name of names) yield { name };
}

describe("Greeter", () => {
  test("unary: sayHello", async () => {
    await using greeter = await startGreeter();
    expect(await greeter.client.sayHello({ name: "Ada" })).toEqual({ message: "Hello, Ada!" });
  });

  test("server streaming: streamGreetings", async () => {
    await using greeter = await startGreeter();
    const replies = await Array.fromAsync(greeter.client.streamGreetings({ name: "Ada" }));
    expect(replies.map((r) => r.message)).toEqual(["Hello, Ada!", "Bonjour, Ada!", "Hallo, Ada!", "Hola, Ada!"]);
  });

  test("client streaming: collectNames", async () => {
    await using greeter = await startGreeter();
    expect(await greeter.client.collectNames(people("Ada", "Grace"))).toEqual({ message: "Hello, Ada, Grace!" });
    expect(await greeter.client.collectNames([])).toEqual({ message: "Hello, nobody!" });
  });

  test("bidirectional streaming: chat", async () => {
    await using greeter = await startGreeter();
    const replies = await Array.fromAsync(greeter.client.chat(people("Ada", "Grace", "Linus")));
    expect(replies.map((r) => r.message)).toEqual(["Hello, Ada!", "Hello, Grace!", "Hello, Linus!"]);
  });

  test("errors carry status codes", async () => {
    await using greeter = await startGreeter();
    await expect(greeter.client.sayHello({ name: " " })).rejects.toMatchObject({ code: Code.InvalidArgument });
    await expect(greeter.client.sayHello({ name: "Ada" }, { timeoutMs: 0 })).rejects.toMatchObject({ code: Code.DeadlineExceeded });
    const tooMany = Array.from({ length: MAX_NAMES + 1 }, (_, i) => ({ name: \`n\${i}\` }));
    await expect(greeter.client.collectNames(tooMany)).rejects.toMatchObject({ code: Code.ResourceExhausted });
  });
});
`;
}
