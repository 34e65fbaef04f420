// Starts one of the package's programs (`strand`, `protoc-gen-strand`) from its bin. Plain Node
// ESM, so both need nothing but Node ≥ 20.
//  - Installed from the registry, the package ships `dist/` (JavaScript built by `prepack`): the
//    program runs in this process, on Node or on Bun alike, and generates the same bytes on both.
//  - In a Strand checkout there is no build step: `src/` exists and runs on the repository's Bun
//    (a devDependency that `npm ci` installs), so edits to the generator take effect at once.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** Runs `src/<entry>.ts` (checkout) or `dist/<entry>.js` (installed) with this process's arguments and streams. */
export async function launch(program, entry) {
  const root = join(dirname(fileURLToPath(import.meta.url)), "..");
  const source = join(root, "src", `${entry}.ts`);
  const built = join(root, "dist", `${entry}.js`);
  if (!existsSync(source)) {
    if (!existsSync(built)) {
      process.stderr.write(`${program}: this install of @strand/codegen is incomplete (${built} is missing); reinstall it: npm install --save-dev @strand/codegen\n`);
      process.exit(1);
    }
    await import(pathToFileURL(built).href);
  } else if (process.versions.bun !== undefined) {
    await import(pathToFileURL(source).href);
  } else {
    let bun = "bun"; // a bun on PATH, unless the checkout's own is installed
    try {
      bun = join(dirname(createRequire(import.meta.url).resolve("bun/package.json")), "bin", "bun.exe");
    } catch {}
    const result = spawnSync(bun, [source, ...process.argv.slice(2)], { stdio: "inherit" });
    if (result.error !== undefined) {
      process.stderr.write(`${program}: this is a Strand source checkout, whose CLI runs on Bun, and Bun could not be started (${result.error.message}); run npm ci in the checkout first\n`);
      process.exit(1);
    }
    process.exit(result.status ?? 1);
  }
}
