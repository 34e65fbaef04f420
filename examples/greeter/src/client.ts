import { Code, createChannel, createClient, RpcError } from "strand";
import { Greeter } from "./gen/greeter/v1/greeter.ts";

const channel = createChannel(process.env["GREETER"] ?? "127.0.0.1:50051");
const greeter = createClient(Greeter, channel);

const reply = await greeter.sayHello({ name: "Ada" }, { timeoutMs: 1000 });
console.log(reply.message);

for await (const greeting of greeter.streamGreetings({ name: "Ada" })) {
  console.log(greeting.message);
}

try {
  await greeter.sayHello({ name: "Ada" }, { timeoutMs: 0 });
} catch (error) {
  if (error instanceof RpcError && error.code === Code.DeadlineExceeded) console.log("too late:", error.message);
}
channel.close();
