import { expect, test } from "bun:test";

const root = new URL("../../", import.meta.url).pathname;

/**
 * The README's tutorial must be the tested example, not a copy that drifts: every code block
 * preceded by `<!-- snippet: PATH -->` must equal that file.
 */
test("README snippets match the files they quote", async () => {
  const readme = await Bun.file(`${root}README.md`).text();
  const snippets = [...readme.matchAll(/<!-- snippet: (\S+) -->\n```\w*\n([\s\S]*?)\n```/g)];
  expect(snippets.length).toBeGreaterThanOrEqual(3);
  for (const [, path, code] of snippets) {
    const file = (await Bun.file(`${root}${path}`).text()).replace(/\n+$/, "");
    expect({ path, code }).toEqual({ path: path!, code: file });
  }
});
