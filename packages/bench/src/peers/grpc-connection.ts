/**
 * grpc-js's client side, as its users write it: a proto-loader client per connection, callbacks for
 * unary calls, events for streams. Each client gets a local subchannel pool so that N clients are N
 * HTTP/2 connections (grpc-js shares one connection per address by default). Keep-alive is on with
 * gRPC's usual 30 s / 20 s. Node-compatible: runs on Node and on Bun.
 */
import * as grpc from "@grpc/grpc-js";
import type { GrpcBench, GrpcPayload, GrpcStreamRequest } from "./grpc-definition.ts";
import type { ChatStream, PeerConnection, PeerDriver, PumpHandle, ServerPorts } from "./peer-connection.ts";

/** Channel options shared by every grpc-js connection of the benchmark. */
export const GRPC_CHANNEL_OPTIONS: grpc.ChannelOptions = {
  "grpc.use_local_subchannel_pool": 1,
  "grpc.keepalive_time_ms": 30_000,
  "grpc.keepalive_timeout_ms": 20_000,
  "grpc.max_receive_message_length": 8 * 1024 * 1024,
};

/** The dynamic client proto-loader builds, with the three methods typed. */
interface BenchStub extends grpc.Client {
  echo(request: GrpcPayload, callback: (error: grpc.ServiceError | null, response?: GrpcPayload) => void): grpc.ClientUnaryCall;
  pump(request: GrpcStreamRequest): grpc.ClientReadableStream<GrpcPayload>;
  chat(): grpc.ClientDuplexStream<GrpcPayload, GrpcPayload>;
}

class GrpcConnection implements PeerConnection {
  constructor(private readonly stub: BenchStub) {}

  echo(payload: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      this.stub.echo({ data: payload }, (error) => (error === null ? resolve() : reject(error)));
    });
  }

  pump(size: number, onMessage: (bytes: number) => void): PumpHandle {
    const call = this.stub.pump({ size, count: 0 });
    let stopped = false;
    const done = new Promise<void>((resolve, reject) => {
      call.on("data", (message: GrpcPayload) => onMessage(message.data.length));
      call.on("error", (error: grpc.ServiceError) => (stopped || error.code === grpc.status.CANCELLED ? resolve() : reject(error)));
      call.on("end", () => resolve());
    });
    return {
      stop() {
        stopped = true;
        call.cancel();
      },
      done,
    };
  }

  chat(): ChatStream {
    const call = this.stub.chat();
    const waiters: Array<() => void> = [];
    call.on("data", () => waiters.shift()?.());
    call.on("error", () => {});
    const ended = new Promise<void>((resolve) => {
      call.on("end", () => resolve());
      call.on("error", () => resolve());
    });
    return {
      roundTrip(payload) {
        return new Promise<void>((resolve) => {
          waiters.push(resolve);
          call.write({ data: payload });
        });
      },
      async close() {
        call.end();
        await ended;
      },
    };
  }

  async close(): Promise<void> {
    this.stub.close();
  }
}

/** grpc-js's driver: every `connect()` is a new client (and connection), established by one echo. */
export function grpcDriver(bench: GrpcBench, ports: ServerPorts): PeerDriver {
  return {
    async connect() {
      const stub = new bench.Client(`127.0.0.1:${ports.port}`, grpc.credentials.createInsecure(), GRPC_CHANNEL_OPTIONS) as unknown as BenchStub;
      const connection = new GrpcConnection(stub);
      await connection.echo(new Uint8Array(1));
      return connection;
    },
  };
}
