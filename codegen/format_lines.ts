/**
 * Breaks one statement of generated TypeScript that is longer than the
 * line width into the shape `deno fmt` gives it (see codegen/format.ts).
 * Each rule mirrors one `deno fmt` decision for a shape the emitters write;
 * tests/codegen/fmt_fixed_point_test.ts checks them against `deno fmt`.
 *
 * @module
 */
import {
  closeOf,
  depths,
  opens,
  splitTopLevel,
  type Token,
  tokenize,
} from "./format_tokens.ts";

/** `deno fmt`'s default line width. */
const LINE_WIDTH = 80;
/** `deno fmt`'s default indentation. */
const INDENT = "  ";

/** Indentation of `indent` levels. */
export function pad(indent: number): string {
  return INDENT.repeat(indent);
}

/** Whether `text` fits on one line at `indent`. */
export function fits(text: string, indent: number): boolean {
  return indent * INDENT.length + text.length <= LINE_WIDTH;
}

/** A statement at `indent`, broken over lines when longer than the width. */
export function layoutLine(text: string, indent: number): string[] {
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

/**
 * Lines after the first `levels` further in, as `deno fmt` hangs an
 * operand's own continuation lines. (Their width was checked without the
 * extra level: the operands this is used for are the rare first ones.)
 */
function hang(lines: readonly string[], levels = 1): string[] {
  return lines.map((line, index) =>
    index === 0 ? line : INDENT.repeat(levels) + line
  );
}

/** The first rule that applies to a statement too long for its line. */
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
  // `export const name: {` and `export type Name = {`: `{` on the next line
  // (formatTypeScript indents the body one level further).
  const declared = /^(export const [\w$]+:|export type [\w$]+ =) \{$/.exec(
    text,
  );
  if (declared !== null) {
    return [pad(indent) + declared[1], `${pad(indent + 1)}{`];
  }
  // `export const name: Type =` then `{` on the next line, else
  // `export const name:` then `Type = {`.
  const annotated = /^(export const [\w$]+):\s(.*) = \{$/.exec(text);
  if (annotated !== null) {
    const [, name, type] = annotated;
    return fits(`${name}: ${type} =`, indent)
      ? [`${pad(indent)}${name}: ${type} =`, `${pad(indent + 1)}{`]
      : [`${pad(indent)}${name}:`, `${pad(indent + 1)}${type} = {`];
  }
  if (text.startsWith("export type ")) {
    const aliased = breakTypeAlias(text, tokens, indent);
    if (aliased !== undefined) return aliased;
  }
  return breakGroup(text, tokens, indent, { mustFit: true }) ??
    breakAssignment(text, indent) ??
    breakProperty(text, indent) ??
    expressionBreak(text, indent) ??
    breakGroup(text, tokens, indent) ??
    breakGroup(text, tokens, indent, { index: true });
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
      const grouped = breakGroup(whole, tokenize(whole), indent, {
        mustFit: true,
        hang: 1,
      });
      if (grouped !== undefined) return grouped;
      const [left, ...right] = operands;
      return [
        ...hang(expressionLines(left, ` ${operator}`, indent)),
        ...expressionLines(right.join(` ${operator} `), suffix, indent + 1),
      ];
    }
    // `a +` continues one level in; `||` and `&&` operands line up.
    const continued = operator === "+" ? 1 : 0;
    return operands.flatMap((operand, index) => {
      const end = index < operands.length - 1 ? ` ${operator}` : suffix;
      return index === 0
        ? hang(expressionLines(operand, end, indent), continued)
        : expressionLines(operand, end, indent + continued);
    });
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
    return operands.flatMap((operand, index) => {
      const last = index < operands.length - 1 ? ` ${operator}` : end;
      return index === 0
        ? hang(layoutLine(`${keyword}${operand}${last}`, indent))
        : layoutLine(`${operand}${last}`, indent + 1);
    });
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
  choice: GroupChoice = {},
): string[] | undefined {
  const declaration = choice.declaration ??
    /^(export )?(async )?(function\b|interface\b|type\b|constructor\(|[\w$]+\??[(<])/
      .test(text);
  const groups = topLevelGroups(tokens).filter((group) =>
    group.index === (choice.index ?? false) && group.open > (choice.from ?? -1)
  );
  if (groups.length === 0) return undefined;
  // The last group whose opening line fits: `f(\n  a,\n) as Promise<`.
  const group = declaration
    ? groups[0]
    : groups.findLast((candidate) =>
      fits(text.slice(0, tokens[candidate.open].end), indent)
    ) ?? (choice.mustFit ? undefined : groups[groups.length - 1]);
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
  const hanging = choice.hang ?? 0;
  return [
    ...layoutLine(before, indent),
    ...items.flatMap((item, at) =>
      layoutLine(
        `${item}${at < items.length - 1 ? "," : comma}`,
        indent + 1 + hanging,
      )
    ),
    ...layoutLine(after, indent + hanging),
  ];
}

/** Which group {@link breakGroup} breaks. */
interface GroupChoice {
  /** Indexes (`object[key]`) instead of the other groups. */
  readonly index?: boolean;
  /** Only a group whose opening line fits; by default the last one else. */
  readonly mustFit?: boolean;
  /** Only groups after this token. */
  readonly from?: number;
  /** Levels the items and the closing line hang further in (in a comparison). */
  readonly hang?: number;
  /** Whether the first group is a declaration's parameters (guessed if unset). */
  readonly declaration?: boolean;
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

/**
 * `export type X<T> = Value;`: a union one variant per line, else a group
 * of the value (`= Record<\n  string,\n  never\n>;`), else the value on the
 * next line, else the type parameters broken; undefined if none applies.
 */
function breakTypeAlias(
  text: string,
  tokens: readonly Token[],
  indent: number,
): string[] | undefined {
  const level = depths(tokens);
  const equals = tokens.findIndex((token, index) =>
    level[index] === 0 && token.kind === "op" && token.text === "="
  );
  if (equals === -1 || !text.endsWith(";")) return undefined;
  const target = text.slice(0, tokens[equals].start).trim();
  const value = text.slice(tokens[equals].end, -1).trim();
  const typeParameters = tokens.findIndex((token) => token.kind === "typeOpen");
  if (
    !fits(`${target} =`, indent) && typeParameters !== -1 &&
    typeParameters < equals
  ) {
    return breakGroup(text, tokens, indent, { declaration: true });
  }
  const variants = splitTopLevel(value, "|");
  if (variants.length > 1) {
    return [
      `${pad(indent)}${target} =`,
      ...unionLines(variants, ";", indent + 1),
    ];
  }
  return breakGroup(text, tokens, indent, {
    mustFit: true,
    from: equals,
    declaration: false,
  }) ?? [`${pad(indent)}${target} =`, ...layoutLine(`${value};`, indent + 1)];
}

/**
 * `const x = value;`: the value on the next line if it fits there, else an
 * index broken on the first line (`= object[\n  key\n];`), else the value
 * on the next line broken further. A target too long for one line is
 * broken after its name: `const name:\n  Type =\n    value;`.
 */
function breakAssignment(text: string, indent: number): string[] | undefined {
  const parts = splitTopLevel(text, "=");
  if (parts.length !== 2 || !text.endsWith(";")) return undefined;
  const target = parts[0];
  const value = parts[1].slice(0, -1);
  const typed = /^((?:export )?(?:const|let) [\w$]+):\s(.*)$/.exec(target);
  if (typed !== null && !fits(`${target} =`, indent)) {
    return [
      `${pad(indent)}${typed[1]}:`,
      ...(breakAssignment(`${typed[2]} = ${value};`, indent + 1) ?? []),
    ];
  }
  if (!fits(`${value};`, indent + 1)) {
    const indexed = breakGroup(text, tokenize(text), indent, {
      index: true,
      mustFit: true,
    });
    if (indexed !== undefined) return indexed;
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
  if (operands.length > 1 && !fits(`${name}: ${operands[0]} +`, indent)) {
    // The name alone, then every operand one level in.
    return [
      `${pad(indent)}${name}:`,
      ...operands.flatMap((operand, index) =>
        layoutLine(
          `${operand}${index < operands.length - 1 ? " +" : end}`,
          indent + 1,
        )
      ),
    ];
  }
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
  // `name: first.second\n  .third,` if the name and the head fit.
  const member = /^([\w$]+(?:\.[\w$]+)*)(\.[\w$]+)$/.exec(value);
  if (member !== null && fits(`${name}: ${member[1]}`, indent)) {
    return [
      `${pad(indent)}${name}: ${member[1]}`,
      `${pad(indent + 1)}${member[2]}${end}`,
    ];
  }
  return [
    `${pad(indent)}${name}:`,
    ...layoutLine(`${value}${end}`, indent + 1),
  ];
}

/** `| A` lines of a union, the last one ending with `end`. */
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
