/**
 * Tokens of one line of generated TypeScript, for codegen/format.ts: enough
 * to find brackets, strings and the operators a line breaks at.
 *
 * @module
 */

/** What a token is; `typeOpen`/`typeClose` are `<`/`>` of type arguments. */
export type TokenKind =
  | "word"
  | "string"
  | "open"
  | "close"
  | "typeOpen"
  | "typeClose"
  | "op"
  | "comment";

/** A token and where it is in its line. */
export interface Token {
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
export function tokenize(line: string): Token[] {
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

/** `(`, `[`, `{` or the `<` of type arguments. */
export function opens(token: Token): boolean {
  return token.kind === "open" || token.kind === "typeOpen";
}

/** `)`, `]`, `}` or the `>` of type arguments. */
export function closes(token: Token): boolean {
  return token.kind === "close" || token.kind === "typeClose";
}

/** Bracket depth of each token (type arguments included), before the token. */
export function depths(tokens: readonly Token[]): number[] {
  let depth = 0;
  return tokens.map((token) => {
    if (closes(token)) depth--;
    const level = depth;
    if (opens(token)) depth++;
    return level;
  });
}

/** The matching close of the open token at `index`, or -1. */
export function closeOf(tokens: readonly Token[], index: number): number {
  const level = depths(tokens);
  for (let other = index + 1; other < tokens.length; other++) {
    if (level[other] === level[index] && closes(tokens[other])) return other;
  }
  return -1;
}

/** Top-level parts of `text` split at the operator `separator`. */
export function splitTopLevel(text: string, separator: string): string[] {
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
