import { expect, test } from "bun:test";
import { ErrorCode } from "./error-code.ts";
import { utf8 } from "../test/helpers.ts";
import { createSessionPair } from "./testing/session-pair.ts";

test("the peer's GOAWAY refuses our streams above its last stream ID as REFUSED_STREAM (safe to retry); those below finish", async () => {
  const { client, server } = createSessionPair({
    onStream: (stream) => {
      stream.respond(utf8.encode("ok"));
      // Only the first stream is processed: GOAWAY names it as the last (an error GOAWAY gives no
      // drain notice, so the second stream, already on its way, is refused).
      if (stream.id === 1) void server.goAway(ErrorCode.EnhanceYourCalm, "maintenance");
    },
  });
  const first = client.openStream(utf8.encode("a"));
  const second = client.openStream(utf8.encode("b")); // in the same flush: the server sees it after its GOAWAY
  await first.headers();
  const refused = await second.headers().then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(refused).toMatchObject({ code: ErrorCode.RefusedStream, scope: "stream" });
  expect(client.goAwayReceived).toMatchObject({ lastStreamId: 1, reason: "maintenance" });
  expect(client.state).toBe("draining");
  expect(first.error).toBeUndefined();
  first.end();
  client.close();
});
