#!/usr/bin/env node
// The `strand` bin: `.proto` → TypeScript, `strand init`. See launch.mjs for how it starts.
import { launch } from "./launch.mjs";

await launch("strand", "cli-main");
