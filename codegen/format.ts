/**
 * Lays out generated TypeScript the way `deno fmt` does, without running it:
 * the emitters write one statement per line and leave indentation and
 * line width to this pure function. It knows only the shapes the emitters
 * write (imports, declarations, `if`/`for`/`switch`, calls, object and
 * array literals, unions, `||`/`&&`/`+` chains), and breaks a line longer
 * than 80 columns into a shape `deno fmt` keeps as it is: one item per line
 * with trailing commas, one operand per line, `=` then the value on the next
 * line. So generated files pass `deno fmt --check`, need no `--allow-run`,
 * and are byte-identical whichever Deno version generates them.
 * tests/codegen/fmt_fixed_point_test.ts checks the result with `deno fmt`.
 *
 * @module
 */
import { fits, layoutLine, pad } from "./format_lines.ts";
import { type Token, tokenize } from "./format_tokens.ts";

/** An open bracket of an earlier line: the indentation of its line. */
interface Frame {
  readonly indent: number;
  /** A `switch` body: `case` labels one level in, their statements two. */
  readonly switchBody: boolean;
}

/** Formats generated TypeScript (one statement per line, any indentation). */
export function formatTypeScript(text: string): string {
  const lines: string[] = [];
  const frames: Frame[] = [];
  let commentIndent: number | undefined;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (commentIndent !== undefined) {
      // A JSDoc continuation line (` * text` or ` */`), one space in.
      lines.push(`${pad(commentIndent)} ${line}`);
      if (line.includes("*/")) commentIndent = undefined;
      continue;
    }
    if (line === "") {
      lines.push("");
      continue;
    }
    const tokens = tokenize(line);
    let index = 0;
    let indent: number | undefined;
    while (index < tokens.length && tokens[index].kind === "close") {
      indent = frames.pop()?.indent ?? 0;
      index++;
    }
    if (indent === undefined) {
      const frame = frames[frames.length - 1];
      const label = /^(case\b|default:)/.test(line);
      indent = frame === undefined
        ? 0
        : frame.indent + 1 + (frame.switchBody && !label ? 1 : 0);
    }
    const last = tokens[tokens.length - 1];
    if (last?.kind === "comment" && last.text.startsWith("/*")) {
      if (!last.text.endsWith("*/")) commentIndent = indent;
    }
    const code = preferredQuotes(line, tokens);
    const laidOut = /^import \{/.test(code)
      ? layoutImport(sortImport(code), indent)
      : layoutLine(code, indent);
    // `export const name:\n  {`: the value is one level further in.
    const shift = laidOut.length > 1 &&
        /^export (const [\w$]+:|type [\w$]+ =)/.test(code)
      ? 1
      : 0;
    lines.push(...laidOut);
    for (; index < tokens.length; index++) {
      const token = tokens[index];
      if (token.kind === "open") {
        frames.push({
          indent: indent + shift,
          switchBody: token.text === "{" && line.startsWith("switch "),
        });
      } else if (token.kind === "close") frames.pop();
    }
  }
  return joinEmptyBrackets(tidyBlankLines(lines)).join("\n").trimEnd() + "\n";
}

/** `{` at the end of a line and `}` starting the next become `{}`. */
function joinEmptyBrackets(lines: readonly string[]): string[] {
  const joined: string[] = [];
  for (const line of lines) {
    const previous = joined[joined.length - 1];
    const closer = /^\s*([}\]])(.*)$/.exec(line);
    if (
      previous !== undefined && closer !== null &&
      previous.endsWith(closer[1] === "}" ? "{" : "[")
    ) {
      joined[joined.length - 1] = previous + line.trimStart();
    } else joined.push(line);
  }
  return joined;
}

/**
 * Double quotes, as `deno fmt` prefers, unless the text holds more double
 * quotes than single ones: `'expected "circle"'`.
 */
function preferredQuotes(line: string, tokens: readonly Token[]): string {
  let result = "";
  let start = 0;
  for (const token of tokens) {
    if (token.kind !== "string" || !token.text.startsWith('"')) continue;
    const value = parseString(token.text);
    if (value === undefined) continue;
    const double = value.split('"').length - 1;
    const single = value.split("'").length - 1;
    if (double <= single) continue;
    const quoted = `'${
      token.text.slice(1, -1).replaceAll('\\"', '"').replaceAll("'", "\\'")
    }'`;
    result += line.slice(start, token.start) + quoted;
    start = token.end;
  }
  return result + line.slice(start);
}

/** One blank line at most, none at the start or end of a block. */
function tidyBlankLines(lines: readonly string[]): string[] {
  const kept: string[] = [];
  for (const [index, line] of lines.entries()) {
    if (line !== "") {
      kept.push(line);
      continue;
    }
    const previous = kept[kept.length - 1];
    const next = lines.slice(index + 1).find((l) => l !== "");
    if (
      previous === undefined || previous === "" || /[{([]$/.test(previous) ||
      next === undefined || /^\s*[})\]]/.test(next)
    ) continue;
    kept.push(line);
  }
  return kept;
}

function sortImport(line: string): string {
  const match = /^import \{ (.*) \} (from .*)$/.exec(line);
  if (match === null) return line;
  const key = (name: string) => name.replace(/^type /, "").toLowerCase();
  const names = match[1].split(", ").sort((a, b) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0
  );
  return `import { ${names.join(", ")} } ${match[2]}`;
}

/** An import on one line if it fits, else one name per line. */
function layoutImport(line: string, indent: number): string[] {
  const match = /^import \{ (.*) \} (from .*)$/.exec(line);
  if (fits(line, indent) || match === null) return [pad(indent) + line];
  return [
    `${pad(indent)}import {`,
    ...match[1].split(", ").map((name) => `${pad(indent + 1)}${name},`),
    `${pad(indent)}} ${match[2]}`,
  ];
}

/** The value of a double-quoted literal (emitters write them with JSON.stringify). */
function parseString(literal: string): string | undefined {
  try {
    return JSON.parse(literal) as string;
  } catch {
    return undefined;
  }
}
