#!/usr/bin/env node
// The `protoc-gen-strand` bin: Strand's code generator as a protoc / buf plugin (a
// CodeGeneratorRequest on stdin, the response on stdout). See launch.mjs for how it starts.
import { launch } from "./launch.mjs";

await launch("protoc-gen-strand", "plugin-main");
