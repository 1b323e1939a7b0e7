/**
 * A JSON value as a TypeScript literal on one line, spaced as `deno fmt`
 * spaces it: `["a", "b"]`, `{ "key": "value" }`, `[]`, `{}`. (Keys stay
 * quoted; `deno fmt` keeps them so.) A line too long for the width is
 * broken by codegen/format.ts.
 */
export function literal(value: unknown): string {
  if (Array.isArray(value)) {
    return value.length === 0 ? "[]" : `[${value.map(literal).join(", ")}]`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length === 0) return "{}";
    const shown = entries.map(([key, item]) =>
      `${JSON.stringify(key)}: ${literal(item)}`
    );
    return `{ ${shown.join(", ")} }`;
  }
  return JSON.stringify(value);
}
