import { createServer } from "strand";
import { Greeter, type GreeterHandlers } from "./gen/greeter/v1/greeter.ts";

const handlers: GreeterHandlers = {
  async sayHello(request) {
    return { message: `Hello, ${request.name}!` };
  },
  async *streamGreetings(request, ctx) {
    for (const hello of ["Hello", "Bonjour", "Hallo"]) {
      if (ctx.signal.aborted) return; // the client went away
      yield { message: `${hello}, ${request.name}!` };
    }
  },
};

const server = createServer();
server.add(Greeter, handlers);
const { port } = await server.listen({ hostname: "127.0.0.1", port: Number(process.env["PORT"] ?? 50051) });
console.log(`Greeter listening on 127.0.0.1:${port}`);
process.on("SIGTERM", () => void server.close().then(() => process.exit(0)));
