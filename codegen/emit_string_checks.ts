/**
 * Faster string checks for the validator emitter. A regular expression
 * call costs tens of nanoseconds even for `^[a-z0-9-]{1,32}$`, more than
 * the rest of a small message's checks, so patterns made only of ASCII
 * character classes with counts (room names, handles) become a loop over
 * character codes. (The `@format` checks live in the runtime,
 * src/wire/string_formats.ts.)
 *
 * @module
 */

/** One step of a simple pattern: a set of ASCII codes repeated `min..max` times. */
interface Step {
  /** Sorted, merged inclusive ranges of character codes. */
  readonly ranges: readonly (readonly [number, number])[];
  readonly min: number;
  /** `Infinity` for `*`, `+` and `{n,}`. */
  readonly max: number;
}

const SYNTAX_CHARACTERS = "^$\\.*+?()[]{}|/";
const WORD_RANGES: readonly [number, number][] = [
  [48, 57],
  [65, 90],
  [95, 95],
  [97, 122],
];
const DIGIT_RANGES: readonly [number, number][] = [[48, 57]];

/**
 * Emits a function `name(value: string): boolean` equivalent to
 * `new RegExp(source, "u").test(value)`, or returns undefined when the
 * pattern is not simple: anchored, a sequence of ASCII classes or
 * literals with counts, every step but the last of fixed length (so no
 * backtracking is ever needed).
 */
export function simplePatternFunction(
  name: string,
  source: string,
): string | undefined {
  const steps = parseSimplePattern(source);
  if (steps === undefined) return undefined;
  const fixed = steps.slice(0, -1).reduce((sum, step) => sum + step.min, 0);
  const last = steps[steps.length - 1];
  const lines: string[] = [];
  if (last === undefined) lines.push("if (value.length !== 0) return false;");
  else if (last.min === last.max) {
    lines.push(`if (value.length !== ${fixed + last.min}) return false;`);
  } else {
    lines.push(
      `if (value.length < ${fixed + last.min}${
        last.max === Infinity ? "" : ` || value.length > ${fixed + last.max}`
      }) return false;`,
    );
  }
  let offset = 0;
  for (const [index, step] of steps.entries()) {
    const end = index === steps.length - 1 && step.min !== step.max
      ? "value.length"
      : `${offset + step.min}`;
    lines.push(
      step.min === 1 && step.max === 1
        ? `if (!(${
          condition(step, `value.charCodeAt(${offset})`)
        })) return false;`
        : `for (let index = ${offset}; index < ${end}; index++) {\nconst code = value.charCodeAt(index);\nif (!(${
          condition(step, "code")
        })) return false;\n}`,
    );
    offset += step.min;
  }
  // A class such as [*/] must not end the comment early.
  const shown = source.replaceAll("*/", "*\\/");
  return `/** Equivalent to \`/${shown}/u.test(value)\`, as a loop. */\nfunction ${name}(value: string): boolean {\n${
    lines.join("\n")
  }\nreturn true;\n}\n`;
}

function condition(step: Step, code: string): string {
  const range = ([low, high]: readonly [number, number]) =>
    low === high
      ? `${code} === ${low}`
      : `${code} >= ${low} && ${code} <= ${high}`;
  // One range needs no parentheses of its own (`deno fmt` drops them).
  if (step.ranges.length === 1) return range(step.ranges[0]);
  return step.ranges.map((r) => r[0] === r[1] ? range(r) : `(${range(r)})`)
    .join(" || ");
}

/** Parses `^(atom quantifier?)*$`; undefined for anything else. */
function parseSimplePattern(source: string): Step[] | undefined {
  if (
    !source.startsWith("^") || !source.endsWith("$") || source.endsWith("\\$")
  ) {
    return undefined;
  }
  const body = source.slice(1, -1);
  const steps: Step[] = [];
  let index = 0;
  while (index < body.length) {
    const atom = parseAtom(body, index);
    if (atom === undefined) return undefined;
    const count = parseQuantifier(body, atom.next);
    if (count === undefined) return undefined;
    steps.push({
      ranges: mergeRanges(atom.ranges),
      min: count.min,
      max: count.max,
    });
    index = count.next;
  }
  // Only the last step may vary in length; then no backtracking is needed.
  if (steps.slice(0, -1).some((step) => step.min !== step.max)) {
    return undefined;
  }
  return steps;
}

type Ranges = readonly (readonly [number, number])[];

function parseAtom(
  body: string,
  index: number,
): { ranges: Ranges; next: number } | undefined {
  const char = body[index];
  if (char === "[") return parseClass(body, index + 1);
  if (char === "\\") {
    const escaped = escapeRanges(body[index + 1]);
    return escaped && { ranges: escaped, next: index + 2 };
  }
  if (SYNTAX_CHARACTERS.includes(char) || !isPrintableAscii(char)) {
    return undefined;
  }
  const code = char.charCodeAt(0);
  return { ranges: [[code, code]], next: index + 1 };
}

function parseClass(
  body: string,
  start: number,
): { ranges: Ranges; next: number } | undefined {
  if (body[start] === "^") return undefined;
  const ranges: (readonly [number, number])[] = [];
  let index = start;
  while (index < body.length && body[index] !== "]") {
    let low: number;
    if (body[index] === "\\") {
      const escaped = escapeRanges(body[index + 1]);
      if (escaped === undefined) return undefined;
      index += 2;
      if (escaped.length !== 1 || escaped[0][0] !== escaped[0][1]) {
        ranges.push(...escaped);
        continue;
      }
      low = escaped[0][0];
    } else {
      if (body[index] === "[" || !isPrintableAscii(body[index])) {
        return undefined;
      }
      low = body.charCodeAt(index);
      index += 1;
    }
    if (
      body[index] === "-" && body[index + 1] !== "]" && index + 1 < body.length
    ) {
      const high = body[index + 1];
      if (high === "\\" || high === "[" || !isPrintableAscii(high)) {
        return undefined;
      }
      if (high.charCodeAt(0) < low) return undefined;
      ranges.push([low, high.charCodeAt(0)]);
      index += 2;
    } else ranges.push([low, low]);
  }
  if (body[index] !== "]" || ranges.length === 0) return undefined;
  return { ranges, next: index + 1 };
}

function parseQuantifier(
  body: string,
  index: number,
): { min: number; max: number; next: number } | undefined {
  const char = body[index];
  if (char === "*") return { min: 0, max: Infinity, next: index + 1 };
  if (char === "+") return { min: 1, max: Infinity, next: index + 1 };
  if (char === "?") return { min: 0, max: 1, next: index + 1 };
  if (char !== "{") return { min: 1, max: 1, next: index };
  const match = /^\{(\d{1,4})(,(\d{1,4})?)?\}/.exec(body.slice(index));
  if (match === null) return undefined;
  const min = Number(match[1]);
  const max = match[2] === undefined
    ? min
    : match[3] === undefined
    ? Infinity
    : Number(match[3]);
  if (max < min || body[index + match[0].length] === "?") return undefined;
  return { min, max, next: index + match[0].length };
}

function escapeRanges(char: string | undefined): Ranges | undefined {
  if (char === "d") return DIGIT_RANGES;
  if (char === "w") return WORD_RANGES;
  if (
    char !== undefined && (SYNTAX_CHARACTERS.includes(char) || char === "-")
  ) {
    const code = char.charCodeAt(0);
    return [[code, code]];
  }
  return undefined;
}

function isPrintableAscii(char: string | undefined): boolean {
  return char !== undefined && char >= " " && char <= "~";
}

function mergeRanges(ranges: Ranges): Ranges {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const [low, high] of sorted) {
    const last = merged[merged.length - 1];
    if (last && low <= last[1] + 1) last[1] = Math.max(last[1], high);
    else merged.push([low, high]);
  }
  return merged;
}
