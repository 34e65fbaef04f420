/** Where the scenario narrates what happens (a terminal, or a list in tests). */
export interface Reporter {
  /** A numbered step begins. */
  step(title: string): void;
  /** Something worked as expected. */
  ok(label: string, detail: string): void;
  /** An expected failure, with its status code. */
  expected(label: string, detail: string): void;
  /** A side note (server logs, streamed updates). */
  note(text: string): void;
}

const useColor = process.stdout.isTTY === true && process.env["NO_COLOR"] === undefined;
const paint = (code: string) => (text: string): string => (useColor ? `\x1b[${code}m${text}\x1b[0m` : text);
const bold = paint("1");
const green = paint("32");
const yellow = paint("33");
const dim = paint("2");

/** Aligned console output; colour only on a TTY (and never with NO_COLOR). */
export function consoleReporter(): Reporter {
  let n = 0;
  return {
    step(title) {
      n++;
      console.log(`\n${bold(`${String(n).padStart(2)}. ${title}`)}`);
    },
    ok(label, detail) {
      console.log(`    ${green("✓")} ${label.padEnd(28)} ${detail}`);
    },
    expected(label, detail) {
      console.log(`    ${yellow("✗")} ${label.padEnd(28)} ${detail}`);
    },
    note(text) {
      console.log(`      ${dim(text)}`);
    },
  };
}

/** Collects everything reported, for tests. */
export function memoryReporter(): Reporter & { readonly lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    step: (t) => lines.push(`step ${t}`),
    ok: (l, d) => lines.push(`ok ${l}: ${d}`),
    expected: (l, d) => lines.push(`expected ${l}: ${d}`),
    note: (t) => lines.push(`note ${t}`),
  };
}
