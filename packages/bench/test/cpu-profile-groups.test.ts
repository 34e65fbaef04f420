import { expect, test } from "bun:test";
import { groupProfile } from "../src/profile/cpu-profile-groups.ts";

const frame = (functionName: string, url: string) => ({ functionName, url });

test("self samples are summed by concern: natives count toward their JavaScript caller, the socket write on its own", () => {
  const profile = {
    nodes: [
      { id: 1, callFrame: frame("(root)", ""), children: [2, 5] },
      { id: 2, callFrame: frame("decodeFrom", "file:///x/src/gen/bench.ts"), children: [3] },
      { id: 3, callFrame: frame("slice", ""), children: [] },
      { id: 5, callFrame: frame("flushOnce", "file:///x/wire/src/write-scheduler.ts"), children: [6] },
      { id: 6, callFrame: frame("write", ""), children: [] },
    ],
    samples: [3, 3, 2, 6, 6, 6, 5, 1],
  };
  const groups = Object.fromEntries(groupProfile(profile).map((g) => [g.group, g.samples]));
  expect(groups).toEqual({
    "socket write (system call, loopback delivery included)": 3,
    "message codec (encode, decode, their copies)": 3,
    "framing and write scheduling": 1,
    "runtime (event loop, collector)": 1,
  });
});
