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

const LINE_WIDTH = 80;
const INDENT = "  ";

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
    // `export const name:\n  Type = {`: the value is one level further in.
    const shift = laidOut.length > 1 && /^export const [\w$]+:/.test(code)
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
    const value = JSON.parse(token.text) as string;
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

function pad(indent: number): string {
  return INDENT.repeat(indent);
}

function fits(text: string, indent: number): boolean {
  return indent * INDENT.length + text.length <= LINE_WIDTH;
}

/** `import { b, type A } from "x";` with names sorted as `deno fmt` sorts them. */
function sortImport(line: string): string {
  const match = /^import \{ (.*) \} (from .*)$/.exec(line);
  if (match === null) return line;
  const key = (name: string) => name.replace(/^type /, "").toLowerCase();
  const names = match[1].split(", ").sort((a, b) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0
  );
  return `import { ${names.join(", ")} } ${match[2]}`;
}

function layoutImport(line: string, indent: number): string[] {
  const match = /^import \{ (.*) \} (from .*)$/.exec(line);
  if (fits(line, indent) || match === null) return [pad(indent) + line];
  return [
    `${pad(indent)}import {`,
    ...match[1].split(", ").map((name) => `${pad(indent + 1)}${name},`),
    `${pad(indent)}} ${match[2]}`,
  ];
}

// ---------------------------------------------------------------- tokens

type TokenKind =
  | "word"
  | "string"
  | "open"
  | "close"
  | "typeOpen"
  | "typeClose"
  | "op"
  | "comment";

interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

const OPERATORS = [
  "===",
  "!==",
  "...",
  "&&",
  "||",
  "??",
  "=>",
  "<=",
  ">=",
  "++",
  "?:",
  "?.",
];

/**
 * Splits one line into tokens. `<` right after a name opens type arguments
 * (emitted comparisons have spaces around `<`): a bracket for breaking a
 * line, never for indentation, which only follows `(`, `[` and `{`.
 */
function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  let angles = 0;
  let index = 0;
  const push = (kind: TokenKind, end: number) => {
    tokens.push({ kind, text: line.slice(index, end), start: index, end });
    index = end;
  };
  while (index < line.length) {
    const char = line[index];
    if (char === " ") {
      index++;
    } else if (line.startsWith("//", index)) {
      push("comment", line.length);
    } else if (line.startsWith("/*", index)) {
      const close = line.indexOf("*/", index + 2);
      push("comment", close === -1 ? line.length : close + 2);
    } else if (char === '"' || char === "'" || char === "`") {
      let end = index + 1;
      while (end < line.length && line[end] !== char) {
        end += line[end] === "\\" ? 2 : 1;
      }
      push("string", Math.min(end + 1, line.length));
    } else if (/[\w$.]/.test(char)) {
      let end = index + 1;
      while (end < line.length && /[\w$.]/.test(line[end])) end++;
      push("word", end);
    } else if ("([{".includes(char)) {
      push("open", index + 1);
    } else if (")]}".includes(char)) {
      push("close", index + 1);
    } else if (char === "<" && index > 0 && /[\w$]/.test(line[index - 1])) {
      angles++;
      push("typeOpen", index + 1);
    } else if (char === ">" && angles > 0 && line[index + 1] !== "=") {
      angles--;
      push("typeClose", index + 1);
    } else {
      const operator = OPERATORS.find((op) => line.startsWith(op, index));
      push("op", index + (operator?.length ?? 1));
    }
  }
  return tokens;
}

function opens(token: Token): boolean {
  return token.kind === "open" || token.kind === "typeOpen";
}

function closes(token: Token): boolean {
  return token.kind === "close" || token.kind === "typeClose";
}

/** Bracket depth of each token (type arguments included), before the token. */
function depths(tokens: readonly Token[]): number[] {
  let depth = 0;
  return tokens.map((token) => {
    if (closes(token)) depth--;
    const level = depth;
    if (opens(token)) depth++;
    return level;
  });
}

/** The matching close of the open token at `index`, or -1. */
function closeOf(tokens: readonly Token[], index: number): number {
  const level = depths(tokens);
  for (let other = index + 1; other < tokens.length; other++) {
    if (level[other] === level[index] && closes(tokens[other])) return other;
  }
  return -1;
}

/** Top-level parts of `text` split at the operator `separator`. */
function splitTopLevel(text: string, separator: string): string[] {
  const tokens = tokenize(text);
  const level = depths(tokens);
  const parts: string[] = [];
  let start = 0;
  tokens.forEach((token, index) => {
    if (level[index] === 0 && token.kind === "op" && token.text === separator) {
      parts.push(text.slice(start, token.start).trim());
      start = token.end;
    }
  });
  parts.push(text.slice(start).trim());
  return parts;
}

// ---------------------------------------------------------------- breaking

/** A statement at `indent`, broken over lines when longer than the width. */
function layoutLine(text: string, indent: number): string[] {
  if (fits(text, indent) || text.startsWith("/") || nesting > 64) {
    return [pad(indent) + text];
  }
  nesting++;
  try {
    return breakStatement(text, indent) ?? [pad(indent) + text];
  } finally {
    nesting--;
  }
}

/** How deep {@link layoutLine} has recursed: a bound, should a rule loop. */
let nesting = 0;

/** Lines after the first one level further in, as `deno fmt` hangs them. */
function hang(lines: readonly string[]): string[] {
  return lines.map((line, index) => index === 0 ? line : INDENT + line);
}

function breakStatement(text: string, indent: number): string[] | undefined {
  // `): A | B;` after parameters: the union one variant per line.
  if (text.startsWith("): ") && splitTopLevel(text.slice(3), "|").length > 1) {
    return breakProperty(text, indent);
  }
  // `): Promise<A> {`, `) as Promise<A>;`: the rest, after the bracket.
  const closer = /^[)\]}]+/.exec(text)?.[0];
  if (closer !== undefined && text.length > closer.length) {
    const rest = text.slice(closer.length);
    const gap = rest.startsWith(" ") ? " " : "";
    const lines = breakStatement(rest.trimStart(), indent);
    if (lines === undefined) return undefined;
    lines[0] = `${pad(indent)}${closer}${gap}${lines[0].trimStart()}`;
    return lines;
  }
  const tokens = tokenize(text);
  const head = /^(if|for|switch) \(/.exec(text);
  if (head !== null && tokens[1]?.text === "(") {
    const close = closeOf(tokens, 1);
    if (close === -1) return undefined;
    const inner = text.slice(tokens[1].end, tokens[close].start);
    const rest = text.slice(tokens[close].end).trim();
    return breakHeader(head[1], inner, rest, indent);
  }
  const extended = /^(export class \S+) (extends .*)$/.exec(text);
  if (extended !== null) {
    return [pad(indent) + extended[1], ...layoutLine(extended[2], indent + 1)];
  }
  // `export const name:` then its type, the value one level further in.
  const annotated = /^(export const [\w$]+):\s(.*)$/.exec(text);
  if (annotated !== null && fits(`${annotated[1]}:`, indent)) {
    return [
      `${pad(indent)}${annotated[1]}:`,
      ...layoutLine(annotated[2], indent + 1),
    ];
  }
  // `export type X<T> =` then the type, if the name fits on the first line.
  const alias = splitTopLevel(text, "=");
  if (
    text.startsWith("export type ") && alias.length === 2 &&
    fits(`${alias[0]} =`, indent)
  ) {
    return breakAssignment(text, indent);
  }
  return breakGroup(text, tokens, indent, false, true) ??
    breakAssignment(text, indent) ??
    breakProperty(text, indent) ??
    expressionBreak(text, indent) ??
    breakGroup(text, tokens, indent, false) ??
    breakGroup(text, tokens, indent, true);
}

/** `if (...) rest`, `for (...) {`, `switch (...) {` too long for one line. */
function breakHeader(
  keyword: string,
  inner: string,
  rest: string,
  indent: number,
): string[] {
  const lines = fits(`${keyword} (${inner}) {`, indent)
    ? [`${pad(indent)}${keyword} (${inner}) {`]
    : [
      `${pad(indent)}${keyword} (`,
      ...(keyword === "for"
        ? forLines(inner, indent + 1)
        : expressionLines(inner, "", indent + 1)),
      `${pad(indent)}) {`,
    ];
  if (rest === "{") return lines;
  return [...lines, ...layoutLine(rest, indent + 1), `${pad(indent)}}`];
}

/** The head of a `for`: its three parts, or `const key` and `in object`. */
function forLines(inner: string, indent: number): string[] {
  const parts = splitTopLevel(inner, ";");
  if (parts.length > 1) {
    return parts.flatMap((part, index) =>
      expressionLines(part, index < parts.length - 1 ? ";" : "", indent)
    );
  }
  const [, binding, object] = /^(.*?) (in .*)$/.exec(inner) ?? [];
  if (binding === undefined) return layoutLine(inner, indent);
  return [...layoutLine(binding, indent), ...layoutLine(object, indent + 1)];
}

/** The binary operators an expression breaks at, loosest first. */
const BREAK_OPERATORS = ["||", "&&", "===", "!==", "<", ">", "<=", ">=", "+"];

/**
 * An expression followed by `suffix`, one operand per line if need be:
 * `a ||` / `b &&` chains, `+` chains, a parenthesised or negated group.
 * An operand that still spans lines hangs one level further in.
 */
function expressionLines(
  expression: string,
  suffix: string,
  indent: number,
): string[] {
  if (fits(expression + suffix, indent)) {
    return [pad(indent) + expression + suffix];
  }
  for (const operator of BREAK_OPERATORS) {
    const operands = splitTopLevel(expression, operator);
    if (operands.length < 2 || operands.includes("")) continue;
    if (operator !== "||" && operator !== "&&" && operator !== "+") {
      // A comparison: a call on its left broken (`f(\n  a,\n) !== b`),
      // else the right side on the next line; either way hanging.
      const whole = expression + suffix;
      const grouped = breakGroup(whole, tokenize(whole), indent, false, true);
      if (grouped !== undefined) return hang(grouped);
      const [left, ...right] = operands;
      return hang([
        ...expressionLines(left, ` ${operator}`, indent),
        ...expressionLines(right.join(` ${operator} `), suffix, indent),
      ]);
    }
    const chain = operands.flatMap((operand, index) =>
      expressionLines(
        operand,
        index < operands.length - 1 ? ` ${operator}` : suffix,
        indent,
      )
    );
    // `a +` continues one level in; `||` and `&&` operands line up.
    return operator === "+" ? hang(chain) : chain;
  }
  const tokens = tokenize(expression);
  const negated = tokens[0]?.text === "!" ? 1 : 0;
  if (
    tokens[negated]?.text === "(" &&
    closeOf(tokens, negated) === tokens.length - 1
  ) {
    return [
      `${pad(indent)}${negated ? "!" : ""}(`,
      ...expressionLines(
        expression.slice(tokens[negated].end, -1).trim(),
        "",
        indent + 1,
      ),
      `${pad(indent)})${suffix}`,
    ];
  }
  return layoutLine(expression + suffix, indent);
}

/** A `return` or a call argument too long for its line: its operands split. */
function expressionBreak(text: string, indent: number): string[] | undefined {
  const [, keyword = "", expression, end] =
    /^(return )?(.*?)([,;]?)$/.exec(text) ?? [];
  if (expression === undefined) return undefined;
  for (const operator of ["||", "&&", "+"]) {
    const operands = splitTopLevel(expression, operator);
    if (operands.length < 2 || operands.includes("")) continue;
    return hang(operands.flatMap((operand, index) =>
      layoutLine(
        `${index === 0 ? keyword : ""}${operand}${
          index < operands.length - 1 ? ` ${operator}` : end
        }`,
        indent,
      )
    ));
  }
  // A long name: `first.second\n  .third`.
  const member = /^(\.\.\.)?([\w$]+(?:\.[\w$]+)*)(\.[\w$]+)([,;]?)$/.exec(text);
  if (member !== null) {
    return [
      `${pad(indent)}${member[1] ?? ""}${member[2]}`,
      `${pad(indent + 1)}${member[3]}${member[4]}`,
    ];
  }
  return undefined;
}

/**
 * A call, parameter list, type argument list, object or array literal
 * broken one item per line: the parameters of a declaration (its first
 * group), else the last group whose opening line fits (with `mustFit`
 * none if there is none, else the last). `index` breaks an index
 * (`object[\n  key\n]`), the last resort.
 */
function breakGroup(
  text: string,
  tokens: readonly Token[],
  indent: number,
  index: boolean,
  mustFit = false,
): string[] | undefined {
  const declaration =
    /^(export )?(async )?(function\b|interface\b|type\b|constructor\(|[\w$]+\??[(<])/
      .test(text);
  const groups = topLevelGroups(tokens).filter((group) =>
    group.index === index
  );
  if (groups.length === 0) return undefined;
  // The last group whose opening line fits: `f(\n  a,\n) as Promise<`.
  const group = declaration
    ? groups[0]
    : groups.findLast((candidate) =>
      fits(text.slice(0, tokens[candidate.open].end), indent)
    ) ?? (mustFit ? undefined : groups[groups.length - 1]);
  if (group === undefined) return undefined;
  const before = text.slice(0, tokens[group.open].end);
  const after = text.slice(tokens[group.close].start);
  const inner = text.slice(tokens[group.open].end, tokens[group.close].start)
    .trim();
  const items = splitTopLevel(inner, ",").filter((item) => item !== "");
  // Type parameters and values take a trailing comma, type arguments not.
  const typeArguments = tokens[group.open].kind === "typeOpen" &&
    !(declaration && group === groups[0]);
  const comma = group.index || typeArguments ? "" : ",";
  return [
    ...layoutLine(before, indent),
    ...items.flatMap((item, at) =>
      layoutLine(
        `${item}${at < items.length - 1 ? "," : comma}`,
        indent + 1,
      )
    ),
    ...layoutLine(after, indent),
  ];
}

interface Group {
  readonly open: number;
  readonly close: number;
  /** An index (`object[key]`), broken only when nothing else is left. */
  readonly index: boolean;
}

/**
 * The groups a line may break at: calls and parameter lists, type
 * arguments and parameters, object and array literals, indexes; never an
 * empty group.
 */
function topLevelGroups(tokens: readonly Token[]): Group[] {
  const level = depths(tokens);
  const groups: Group[] = [];
  tokens.forEach((token, open) => {
    if (level[open] !== 0 || !opens(token)) return;
    const before = tokens[open - 1];
    const attached = before !== undefined && before.end === token.start;
    const close = closeOf(tokens, open);
    if (close <= open + 1) return;
    groups.push({ open, close, index: token.text === "[" && attached });
  });
  return groups;
}

/** `const x = value;` or `export type X = A | B;`: the value on its own lines. */
function breakAssignment(text: string, indent: number): string[] | undefined {
  const parts = splitTopLevel(text, "=");
  if (parts.length !== 2 || !text.endsWith(";")) return undefined;
  const target = parts[0];
  const value = parts[1].slice(0, -1);
  const variants = splitTopLevel(value, "|");
  if (text.startsWith("export type ") && variants.length > 1) {
    return [
      `${pad(indent)}${target} =`,
      ...unionLines(variants, ";", indent + 1),
    ];
  }
  // `const name:\n  Type =\n    value;` when even the target is too long.
  const typed = /^((?:export )?(?:const|let) [\w$]+):\s(.*)$/.exec(target);
  if (typed !== null && !fits(`${target} =`, indent)) {
    return [
      `${pad(indent)}${typed[1]}:`,
      `${pad(indent + 1)}${typed[2]} =`,
      ...layoutLine(`${value};`, indent + 2),
    ];
  }
  return [`${pad(indent)}${target} =`, ...layoutLine(`${value};`, indent + 1)];
}

/**
 * `name: A | B;` in a type, `name: a + b,` in an object literal, a
 * parameter's or member's type or a property's value on the next line,
 * `): A | B;` after parameters.
 */
function breakProperty(text: string, indent: number): string[] | undefined {
  const match =
    /^((?:readonly )?(?:\.\.\.)?(?:[\w$]+|"(?:[^"\\]|\\.)*"|\))\??):\s(.*?)([;,]?)$/
      .exec(text);
  if (match === null) return undefined;
  const [, name, value, end] = match;
  const variants = splitTopLevel(value, "|");
  if (end === ";" && variants.length > 1) {
    return [`${pad(indent)}${name}:`, ...unionLines(variants, ";", indent + 1)];
  }
  const operands = splitTopLevel(value, "+");
  if (operands.length > 1) {
    return [
      `${pad(indent)}${name}: ${operands[0]} +`,
      ...operands.slice(1).flatMap((operand, index) =>
        layoutLine(
          `${operand}${index < operands.length - 2 ? " +" : end}`,
          indent + 1,
        )
      ),
    ];
  }
  if (name === ")") return undefined;
  return [
    `${pad(indent)}${name}:`,
    ...layoutLine(`${value}${end}`, indent + 1),
  ];
}

function unionLines(
  variants: readonly string[],
  end: string,
  indent: number,
): string[] {
  return variants.flatMap((variant, index) =>
    layoutLine(
      `| ${variant}${index === variants.length - 1 ? end : ""}`,
      indent,
    )
  );
}
