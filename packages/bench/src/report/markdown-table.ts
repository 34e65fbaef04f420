/** The Markdown table writer every report section shares (its own module so sections can import it without a cycle through markdown.ts). */

/** A Markdown table from a header row and body rows (cells are escaped for `|`). */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.map((c) => c.replaceAll("|", "\\|")).join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}
