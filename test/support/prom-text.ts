/**
 * A strict parser of Prometheus' text exposition format (version 0.0.4), for tests that scrape
 * `/metrics`: prom-client has no parser of its own, and a strict one catches what Prometheus would
 * reject (bad names, bad escapes, samples of undeclared families, duplicate series) instead of
 * skipping it.
 */

/** One sample line. */
export interface PromSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** A metric family: its `# TYPE`, `# HELP` and samples (for histograms, the `_bucket`/`_sum`/`_count` lines). */
export interface PromFamily {
  readonly name: string;
  readonly type: "counter" | "gauge" | "histogram" | "summary" | "untyped";
  help: string;
  readonly samples: PromSample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(["counter", "gauge", "histogram", "summary", "untyped"]);

/** Parses `text`; throws with the line number on anything Prometheus would not accept. */
export function parsePromText(text: string): Map<string, PromFamily> {
  const families = new Map<string, PromFamily>();
  const seen = new Set<string>();
  const lines = text.split("\n");
  lines.forEach((line, i) => {
    const fail = (why: string): never => {
      throw new Error(`line ${i + 1}: ${why}: ${JSON.stringify(line)}`);
    };
    if (line === "") return;
    if (line.startsWith("#")) {
      const m = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (m === null) return; // other comments are allowed
      const [, kind, name = "", rest = ""] = m;
      if (!NAME.test(name)) fail("bad metric name");
      if (kind === "TYPE") {
        if (!TYPES.has(rest)) fail("bad type");
        if (families.has(name) && families.get(name)!.samples.length > 0) fail("TYPE after samples");
        families.set(name, { name, type: rest as PromFamily["type"], help: families.get(name)?.help ?? "", samples: [] });
      } else {
        const family = families.get(name);
        if (family === undefined) families.set(name, { name, type: "untyped", help: rest, samples: [] });
        else family.help = rest;
      }
      return;
    }
    const sample = parseSample(line, fail);
    const family = familyOf(families, sample.name) ?? fail("sample of an undeclared family");
    const key = `${sample.name}${JSON.stringify(Object.entries(sample.labels).sort())}`;
    if (seen.has(key)) fail("duplicate series");
    seen.add(key);
    family.samples.push(sample);
  });
  return families;
}

function familyOf(families: Map<string, PromFamily>, name: string): PromFamily | undefined {
  const exact = families.get(name);
  if (exact !== undefined) return exact;
  const m = /^(.*)_(bucket|sum|count)$/.exec(name);
  const base = m === null ? undefined : families.get(m[1] ?? "");
  return base !== undefined && (base.type === "histogram" || base.type === "summary") ? base : undefined;
}

function parseSample(line: string, fail: (why: string) => never): PromSample {
  const nameMatch = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line) ?? fail("bad sample name");
  const name = nameMatch[0];
  let at = name.length;
  const labels: Record<string, string> = {};
  if (line[at] === "{") {
    at++;
    while (line[at] !== "}") {
      const eq = line.indexOf("=", at);
      if (eq < 0) fail("label without =");
      const label = line.slice(at, eq);
      if (!LABEL.test(label)) fail(`bad label name ${label}`);
      if (label in labels) fail(`duplicate label ${label}`);
      if (line[eq + 1] !== '"') fail("unquoted label value");
      let value = "";
      let j = eq + 2;
      for (;; j++) {
        const c = line[j];
        if (c === undefined) fail("unterminated label value");
        if (c === '"') break;
        if (c === "\\") {
          const e = line[++j];
          if (e === "\\") value += "\\";
          else if (e === '"') value += '"';
          else if (e === "n") value += "\n";
          else fail("bad escape");
        } else value += c;
      }
      labels[label] = value;
      at = j + 1;
      if (line[at] === ",") at++;
      else if (line[at] !== "}") fail("expected , or }");
    }
    at++;
  }
  if (line[at] !== " ") fail("expected a space before the value");
  const parts = line.slice(at + 1).split(" ");
  if (parts.length > 2 || (parts.length === 2 && !/^-?\d+$/.test(parts[1] ?? ""))) fail("bad value or timestamp");
  const raw = parts[0] ?? "";
  const value = raw === "+Inf" ? Infinity : raw === "-Inf" ? -Infinity : raw === "NaN" ? NaN : Number(raw);
  if (raw === "" || (Number.isNaN(value) && raw !== "NaN")) fail("bad value");
  return { name, labels, value };
}

/** The value of the one sample of `families` named `name` whose labels include `labels`; throws unless exactly one matches. */
export function sampleValue(families: Map<string, PromFamily>, name: string, labels: Record<string, string> = {}): number {
  const matches = [...families.values()]
    .flatMap((f) => f.samples)
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (matches.length !== 1) throw new Error(`${matches.length} samples of ${name} ${JSON.stringify(labels)}`);
  return matches[0]!.value;
}
