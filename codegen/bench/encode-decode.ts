/**
 * Encode/decode throughput of the "typical message" (bench/bench.proto, modelled on protobufjs's
 * own bench message: strings, uint32, float, int64, enum, sint32, repeated bool, double, nested
 * messages) for Strand generated code vs protobufjs static code (`pbjs -t static-module`) vs
 * protobufjs reflection vs protobuf-es (`@bufbuild/protobuf` with `protoc-gen-es` code, generated
 * now through `protoc`; left out with a notice where `protoc` is not installed) — all in the same
 * process and run, interleaved, reported as ratios.
 *
 * Run: `npx bun codegen/bench/encode-decode.ts` (or `npm run bench -w codegen`).
 * Options: `--rounds N` (default 7), `--ms N` per measurement (default 200).
 */
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import protobuf from "protobufjs";
import { Test, Test_Enum } from "../test/golden/bench/bench.ts";

const codegenDir = join(import.meta.dir, "..");
const repoRoot = join(codegenDir, "..");
const protoFile = join(codegenDir, "test/protos/bench/bench.proto");

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? Number(process.argv[i + 1]) : Number.NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}
const ROUNDS = arg("--rounds", 7);
const MS = arg("--ms", 200);

/** The message data, as protobufjs's bench/data/bench.json. */
const strandMessage = Test.create({
  string: "Lorem ipsum dolor sit amet.",
  uint32: 9000,
  inner: {
    int32: [20161110, 12],
    innerInner: { long: (151234n << 32n) | 1051n, enum: Test_Enum.TWO, sint32: -42 },
    outer: { bool: [true, false, false, true, false, false, true], double: 204.8 },
  },
  float: 0.25,
});

interface Codec {
  encode(): Uint8Array;
  decode(bytes: Uint8Array): unknown;
}

// protobufjs static code: generated now with pbjs into a temp dir that resolves protobufjs from the repo.
function loadStatic(): { Test: { encode(m: unknown): { finish(): Uint8Array }; decode(b: Uint8Array): unknown; fromObject?: unknown } } {
  const dir = mkdtempSync(join(tmpdir(), "strand-bench-"));
  try {
    symlinkSync(join(repoRoot, "node_modules"), join(dir, "node_modules"), "dir");
    const pbjs = Bun.spawnSync(
      [process.execPath, join(repoRoot, "node_modules/protobufjs-cli/bin/pbjs"), "-t", "static-module", "--no-verify", "--no-convert", "--no-delimited", "--no-comments", "--no-service", protoFile],
      { stderr: "pipe" },
    );
    if (pbjs.exitCode !== 0) throw new Error(`pbjs failed: ${pbjs.stderr.toString()}`);
    const file = join(dir, "bench_static.js");
    writeFileSync(file, pbjs.stdout);
    const mod = createRequire(file)(file) as { bench: { Test: ReturnType<typeof loadStatic>["Test"] } };
    return { Test: mod.bench.Test };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** protobuf-es: `protoc-gen-es` code for bench.proto, generated now through protoc into a temp dir inside the repository (so it resolves `@bufbuild/protobuf`). */
async function loadProtobufEs(): Promise<Codec | undefined> {
  const protoc = Bun.which("protoc");
  if (protoc === null) {
    console.log("protobuf-es left out: protoc is not installed (apt-get install protobuf-compiler)");
    return undefined;
  }
  const dir = mkdtempSync(join(codegenDir, "bench", ".es-"));
  try {
    const gen = Bun.spawnSync([protoc, `--plugin=protoc-gen-es=${join(repoRoot, "node_modules/.bin/protoc-gen-es")}`, `--es_out=${dir}`, "--es_opt=target=ts", "-I", join(codegenDir, "test/protos"), protoFile], { stderr: "pipe" });
    if (gen.exitCode !== 0) throw new Error(`protoc-gen-es failed: ${gen.stderr.toString()}`);
    const { create, fromBinary, toBinary } = await import("@bufbuild/protobuf");
    const { TestSchema } = (await import(join(dir, "bench", "bench_pb.ts"))) as { TestSchema: Parameters<typeof create>[0] };
    const message = create(TestSchema, {
      string: "Lorem ipsum dolor sit amet.",
      uint32: 9000,
      inner: {
        int32: [20161110, 12],
        innerInner: { long: (151234n << 32n) | 1051n, enum: 1, sint32: -42 },
        outer: { bool: [true, false, false, true, false, false, true], double: 204.8 },
      },
      float: 0.25,
    } as never);
    const codec: Codec = { encode: () => toBinary(TestSchema, message), decode: (b) => fromBinary(TestSchema, b) };
    if (Buffer.compare(Buffer.from(codec.encode()), Buffer.from(Test.encode(strandMessage))) !== 0) throw new Error("strand and protobuf-es encodings differ");
    return codec;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const pbStatic = loadStatic().Test;
const root = protobuf.loadSync(protoFile);
const pbReflect = root.lookupType("bench.Test");
const Long = protobuf.util.Long as unknown as { fromBits(low: number, high: number, unsigned: boolean): protobuf.Long };
const pbObject = {
  string: "Lorem ipsum dolor sit amet.",
  uint32: 9000,
  inner: {
    int32: [20161110, 12],
    innerInner: { long: Long.fromBits(1051, 151234, false), enum: 1, sint32: -42 },
    outer: { bool: [true, false, false, true, false, false, true], double: 204.8 },
  },
  float: 0.25,
};
const staticMessage = (pbStatic as unknown as { create?: (o: unknown) => unknown }).create?.(pbObject) ?? pbObject;
const reflectMessage = pbReflect.fromObject(pbObject);

const codecs: Record<string, Codec> = {
  "strand (generated)": { encode: () => Test.encode(strandMessage), decode: (b) => Test.decode(b) },
  "protobufjs static": { encode: () => pbStatic.encode(staticMessage).finish(), decode: (b) => pbStatic.decode(b) },
  "protobufjs reflection": { encode: () => pbReflect.encode(reflectMessage).finish(), decode: (b) => pbReflect.decode(b) },
};
const es = await loadProtobufEs();
if (es !== undefined) codecs["protobuf-es"] = es;

// Sanity: all three agree on the bytes' meaning before anything is timed.
const bytes = Test.encode(strandMessage);
const fromStatic = pbStatic.encode(staticMessage).finish();
if (Buffer.compare(Buffer.from(bytes), Buffer.from(fromStatic)) !== 0) throw new Error("strand and protobufjs static encodings differ");
if (Test.decode(fromStatic).inner?.innerInner?.long !== strandMessage.inner?.innerInner?.long) throw new Error("decode mismatch");

let sink = 0;
function measure(fn: () => void): number {
  let ops = 0;
  const start = performance.now();
  let now = start;
  while (now - start < MS) {
    for (let i = 0; i < 1000; i++) fn();
    ops += 1000;
    now = performance.now();
  }
  return (ops * 1000) / (now - start);
}

const results = new Map<string, { encode: number[]; decode: number[] }>();
for (const name of Object.keys(codecs)) results.set(name, { encode: [], decode: [] });
// Warm-up, then interleaved rounds so drift on a shared machine hits every implementation alike.
for (let round = -1; round < ROUNDS; round++) {
  for (const [name, codec] of Object.entries(codecs)) {
    const input = codec.encode();
    const enc = measure(() => {
      sink += codec.encode().length;
    });
    const dec = measure(() => {
      sink += codec.decode(input) === undefined ? 0 : 1;
    });
    if (round >= 0) {
      results.get(name)?.encode.push(enc);
      results.get(name)?.decode.push(dec);
    }
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};
const base = results.get("protobufjs static");
const baseEnc = median(base?.encode ?? []);
const baseDec = median(base?.decode ?? []);
const fmt = (n: number) => Math.round(n).toLocaleString("en-US").padStart(12);
console.log(`message: ${bytes.length} bytes; ${ROUNDS} rounds × ${MS} ms, median ops/s (Bun ${Bun.version})`);
console.log(`${"implementation".padEnd(24)}${"encode ops/s".padStart(12)}  ${"vs static".padStart(9)}  ${"decode ops/s".padStart(12)}  ${"vs static".padStart(9)}`);
for (const [name, r] of results) {
  const e = median(r.encode);
  const d = median(r.decode);
  console.log(`${name.padEnd(24)}${fmt(e)}  ${`${(e / baseEnc).toFixed(2)}×`.padStart(9)}  ${fmt(d)}  ${`${(d / baseDec).toFixed(2)}×`.padStart(9)}`);
}
if (sink === -1) console.log(sink);
