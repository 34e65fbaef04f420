/**
 * The conformance testee: the program the official runner starts. It reads ConformanceRequests
 * from stdin (each a little-endian u32 length, then the message), parses the payload with
 * strand-generated code for the suite's own protos, serializes it back in the requested format,
 * and answers with a ConformanceResponse the same way. Synchronous reads and writes on fds 0 and
 * 1: one request is in flight at a time, so nothing is gained by anything cleverer.
 */
import { readSync, writeSync } from "node:fs";
import { ConformanceRequest, ConformanceResponse, FailureSet } from "../gen/conformance/conformance.ts";
import { respond } from "./respond.ts";

/** Reads exactly `n` bytes from stdin; undefined at end of input. */
function readExactly(n: number): Uint8Array | undefined {
  const buffer = new Uint8Array(n);
  let filled = 0;
  while (filled < n) {
    const got = readSync(0, buffer, filled, n - filled, null);
    if (got === 0) return undefined;
    filled += got;
  }
  return buffer;
}

function writeAll(bytes: Uint8Array): void {
  let written = 0;
  while (written < bytes.length) written += writeSync(1, bytes, written, bytes.length - written);
}

for (;;) {
  const header = readExactly(4);
  if (header === undefined) break;
  const length = new DataView(header.buffer).getUint32(0, true);
  const body = readExactly(length);
  if (body === undefined) throw new Error(`stdin ended inside a request of ${length} bytes`);
  const request = ConformanceRequest.decode(body);
  const result = request.messageType === "conformance.FailureSet"
    ? { case: "protobufPayload" as const, value: FailureSet.encode(FailureSet.create()) } // the failures are the runner's to find
    : respond(request);
  const reply = ConformanceResponse.encode(ConformanceResponse.create({ result }));
  const prefix = new Uint8Array(4);
  new DataView(prefix.buffer).setUint32(0, reply.length, true);
  writeAll(prefix);
  writeAll(reply);
}
