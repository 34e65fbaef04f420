/**
 * Runs the official Protobuf conformance suite against Strand: generates the testee's code from the
 * suite's protos, starts the runner (through Debian 13's loader where this glibc is too old, see
 * runner-libs.ts) with `--maximum_edition 2023 --enforce_recommended`, and prints its report.
 * Exits with the runner's status: non-zero when any binary or JSON test fails. Text format is not
 * implemented by Strand: the testee answers `skipped`.
 *
 *   bun src/main.ts [--test NAME]...     (runner options pass through)
 */
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generate } from "./generate.ts";
import { runnerCommand } from "./runner-libs.ts";
import { runnerBinary } from "./suite-files.ts";

const here = join(import.meta.dir, "..");
generate();
// The runner starts its testee from one path: a script that runs the testee on this Bun.
const testee = join(here, "gen", "testee.sh");
mkdirSync(join(here, "gen"), { recursive: true });
writeFileSync(testee, `#!/bin/sh\nexec '${process.execPath}' '${join(here, "src", "testee.ts")}'\n`);
chmodSync(testee, 0o755);
const outputDir = join(here, "gen", "report");
mkdirSync(outputDir, { recursive: true });
const argv = [...runnerCommand(runnerBinary), "--maximum_edition", "2023", "--enforce_recommended", "--output_dir", outputDir, ...process.argv.slice(2), testee];
const runner = Bun.spawn(argv, { stdout: "inherit", stderr: "inherit", cwd: here });
process.exit(await runner.exited);
