/**
 * The package's one way to refuse a bad option, as ws and Deno's std do: a
 * wrong type, a missing required option or an unknown value is a
 * `TypeError`; a number out of its range is a `RangeError`. Every message
 * starts with the function or class that was called and names the option's
 * path and the value given, e.g.
 * `createServer: limits.maxMessageBytes must be a positive integer, got -1`,
 * so the fix is findable without a stack trace. Typed errors (`ProtocolError`,
 * `AuthError`, `ClientError`) stay for what happens at run time.
 *
 * `owner` is what the user called (`createServer`, `RedisFanout`); `name` is
 * the option's path inside it (`limits.maxMessageBytes`).
 */

/** A `TypeError` whose message starts with `owner`. */
export function optionTypeError(owner: string, message: string): TypeError {
  return new TypeError(`${owner}: ${message}`);
}

/** A `RangeError` whose message starts with `owner`. */
export function optionRangeError(owner: string, message: string): RangeError {
  return new RangeError(`${owner}: ${message}`);
}

/** What a number option accepts. */
export interface NumberRule {
  /** Only integers. Default false. */
  readonly integer?: boolean;
  /** The smallest value accepted. */
  readonly min?: number;
  /** The largest value accepted. */
  readonly max?: number;
  /** Only values above 0 (0 itself refused). */
  readonly positive?: boolean;
  /** `Infinity` is accepted too (e.g. "retry forever"). */
  readonly allowInfinity?: boolean;
}

/**
 * Returns `value` if it is a number the rule accepts. Not a number: a
 * `TypeError`; NaN, infinite (unless allowed), fractional where an integer
 * is needed, or out of range: a `RangeError`.
 */
export function checkNumber(
  owner: string,
  name: string,
  value: unknown,
  rule: NumberRule,
): number {
  const expected = describeRule(rule);
  if (typeof value !== "number") {
    throw optionTypeError(
      owner,
      `${name} must be ${expected}, got ${describeValue(value)}`,
    );
  }
  if (rule.allowInfinity && value === Infinity) return value;
  // Beyond 2^53 numbers lose integer precision; no option means such a value.
  const inRange = Number.isFinite(value) &&
    Math.abs(value) <= Number.MAX_SAFE_INTEGER &&
    (!rule.integer || Number.isInteger(value)) &&
    (!rule.positive || value > 0) &&
    (rule.min === undefined || value >= rule.min) &&
    (rule.max === undefined || value <= rule.max);
  if (!inRange) {
    throw optionRangeError(
      owner,
      `${name} must be ${expected}, got ${describeValue(value)}`,
    );
  }
  return value;
}

function describeRule(rule: NumberRule): string {
  const kind = rule.integer ? "integer" : "number";
  const infinity = rule.allowInfinity ? " or Infinity" : "";
  const positive = rule.positive || (rule.integer && rule.min === 1);
  if (positive && rule.max === undefined) {
    return `a positive ${kind}${infinity}`;
  }
  const article = rule.integer ? "an" : "a";
  if (rule.min !== undefined && rule.max !== undefined) {
    return `${article} ${kind} between ${rule.min} and ${rule.max}${infinity}`;
  }
  if (positive) return `a positive ${kind} of at most ${rule.max}${infinity}`;
  if (rule.min !== undefined) {
    return `${article} ${kind} >= ${rule.min}${infinity}`;
  }
  if (rule.max !== undefined) {
    return `${article} ${kind} <= ${rule.max}${infinity}`;
  }
  return `a finite ${kind}${infinity}`;
}

/** Returns `value` if it is a non-null object (not a function), else a `TypeError` saying what `expected` is. */
export function checkObject<T>(
  owner: string,
  name: string,
  value: T,
  expected = "an object",
): T & object {
  if (typeof value !== "object" || value === null) {
    throw optionTypeError(
      owner,
      `${name} must be ${expected}, got ${describeValue(value)}`,
    );
  }
  return value;
}

/** Returns `value` if it is a function, else a `TypeError` saying what `expected` is. */
export function checkFunction<T>(
  owner: string,
  name: string,
  value: T,
  expected = "a function",
): T {
  if (typeof value !== "function") {
    throw optionTypeError(
      owner,
      `${name} must be ${expected}, got ${describeValue(value)}`,
    );
  }
  return value;
}

/**
 * Returns `value` if it is an object with every one of `methods`, else a
 * `TypeError` saying what `expected` is: how an option that takes an
 * implementation (a logger, a store, a fan-out) is checked.
 */
export function checkMethods<T>(
  owner: string,
  name: string,
  value: T,
  methods: readonly string[],
  expected: string,
): T {
  const target = value as Record<string, unknown> | null | undefined;
  if (
    typeof target !== "object" || target === null ||
    methods.some((method) => typeof target[method] !== "function")
  ) {
    throw optionTypeError(
      owner,
      `${name} must be ${expected}, got ${describeValue(value)}`,
    );
  }
  return value;
}

/** Returns `value` if it is undefined or a function, else a `TypeError`. */
export function checkOptionalFunction<T>(
  owner: string,
  name: string,
  value: T | undefined,
  expected = "a function",
): T | undefined {
  return value === undefined
    ? undefined
    : checkFunction(owner, name, value, expected);
}

/** Returns `value` if it is one of `allowed`, else a `TypeError` listing them. */
export function checkOneOf<const T>(
  owner: string,
  name: string,
  value: unknown,
  allowed: readonly T[],
): T {
  if (!allowed.includes(value as T)) {
    throw optionTypeError(
      owner,
      `${name} must be ${listOf(allowed.map(describeValue), "or")}, got ${
        describeValue(value)
      }`,
    );
  }
  return value as T;
}

/** Returns `value` if it is a boolean, else a `TypeError`. */
export function checkBoolean(
  owner: string,
  name: string,
  value: unknown,
): boolean {
  if (typeof value !== "boolean") {
    throw optionTypeError(
      owner,
      `${name} must be true or false, got ${describeValue(value)}`,
    );
  }
  return value;
}

/**
 * Returns `value` if it is a non-empty string matching `pattern`, else a
 * `TypeError`; `expected` says what is accepted in the user's terms.
 */
export function checkName(
  owner: string,
  name: string,
  value: unknown,
  expected = "a non-empty string",
  pattern = /^.+$/s,
): string {
  if (typeof value !== "string" || !pattern.test(value)) {
    throw optionTypeError(
      owner,
      `${name} must be ${expected}, got ${describeValue(value)}`,
    );
  }
  return value;
}

/** Letters, digits and `_ . : -`: safe in a Redis key or channel name. */
export const REDIS_NAME = /^[A-Za-z0-9_.:-]+$/;
/** How {@link REDIS_NAME} reads in a message. */
export const REDIS_NAME_TEXT = "letters, digits and _ . : - only";

/**
 * Returns `value` if it is a `redis://` or `rediss://` URL, else a
 * `TypeError` that repeats the URL with any password hidden.
 */
export function checkRedisUrl(owner: string, value: unknown): string {
  if (typeof value !== "string" || !/^rediss?:\/\/./.test(value)) {
    const shown = typeof value === "string"
      ? JSON.stringify(value.replace(/\/\/[^@/]*@/, "//***@"))
      : describeValue(value);
    throw optionTypeError(
      owner,
      `url must be a redis:// or rediss:// URL, got ${shown}`,
    );
  }
  return value;
}

/** Returns `value` if it looks like a `Deno.Kv`, else a `TypeError` saying how to get one. */
export function checkKv(owner: string, value: unknown): Deno.Kv {
  if (
    typeof value !== "object" || value === null ||
    typeof (value as Deno.Kv).atomic !== "function"
  ) {
    throw optionTypeError(
      owner,
      `kv must be a Deno.Kv from Deno.openKv() (run with --unstable-kv), got ${
        describeValue(value)
      }`,
    );
  }
  return value as Deno.Kv;
}

/**
 * The keys of an options type `T`, written once as `{ key: true, ... }` so
 * that the compiler holds the list to the type: a key added to `T` but not
 * here, or listed here but not in `T`, fails `deno check`. The list
 * {@link checkKnownKeys} takes, where no defaults object already names every
 * key.
 */
export function optionKeys<T extends object>(
  keys: { readonly [K in keyof T]-?: true },
): readonly string[] {
  return Object.keys(keys);
}

/**
 * Refuses the first own key of `value` (an options object at `path`, `""`
 * for the top level) that is not in `known`, with a `TypeError` naming it,
 * suggesting the known key it most likely misspells (edit distance of at most
 * 2, case ignored) and listing the known keys, e.g.
 * `createServer: heartbeat.pingIntervalMS is not an option (did you mean
 * heartbeat.pingIntervalMs?); known options: pingIntervalMs, ...`.
 * TypeScript catches such a key only where the caller type-checks; under
 * `deno run` it would otherwise be ignored and its default used silently.
 * Symbol keys (internal hooks such as the test clock) are not looked at; a
 * value that is not an object is left to the caller's own check.
 */
export function checkKnownKeys(
  owner: string,
  path: string,
  value: unknown,
  known: readonly string[],
  what = "an option",
  knownLabel = "known options",
): void {
  if (typeof value !== "object" || value === null) return;
  const prefix = path === "" ? "" : `${path}.`;
  for (const key of Object.keys(value)) {
    if (known.includes(key)) continue;
    const guess = closestName(key, known);
    const hint = guess === undefined
      ? ""
      : ` (did you mean ${prefix}${guess}?)`;
    throw optionTypeError(
      owner,
      `${prefix}${key} is not ${what}${hint}; ${knownLabel}: ${
        known.join(", ")
      }`,
    );
  }
}

/**
 * Returns `value` if it is one of the names in `known` (e.g. an event of the
 * protocol), else a `TypeError` naming it, suggesting the closest known name
 * (edit distance of at most 2, case ignored) and listing them all.
 */
export function checkKnownName(
  owner: string,
  name: string,
  value: string,
  known: readonly string[],
  what: string,
  knownLabel: string,
): string {
  if (known.includes(value)) return value;
  const guess = closestName(value, known);
  const hint = guess === undefined
    ? ""
    : ` (did you mean ${JSON.stringify(guess)}?)`;
  throw optionTypeError(
    owner,
    `${name} is ${describeValue(value)}, not ${what}${hint}; ${knownLabel}: ${
      known.length === 0 ? "none" : known.join(", ")
    }`,
  );
}

const MAX_SUGGESTION_DISTANCE = 2;

/** The name in `known` nearest to `given`, if within two edits. */
function closestName(
  given: string,
  known: readonly string[],
): string | undefined {
  let best: string | undefined;
  let bestDistance = MAX_SUGGESTION_DISTANCE + 1;
  for (const name of known) {
    const distance = editDistance(given.toLowerCase(), name.toLowerCase());
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * Insertions, deletions, substitutions and swaps of neighbours that turn `a`
 * into `b` (optimal string alignment): the usual typos each count one.
 */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > MAX_SUGGESTION_DISTANCE) {
    return MAX_SUGGESTION_DISTANCE + 1;
  }
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push([i]);
    for (let j = 1; j <= b.length; j++) {
      rows[i][j] = i === 0 ? j : Math.min(
        rows[i - 1][j] + 1,
        rows[i][j - 1] + 1,
        rows[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      if (
        i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]
      ) {
        rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
      }
    }
  }
  return rows[a.length][b.length];
}

const MAX_SHOWN = 60;
const MAX_KEYS = 5;

/**
 * A short, readable rendering of a value given as an option. Objects are
 * described by their class or keys, never their values: an options object
 * passed in the wrong place may hold a secret (a JWT key, a password).
 */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case "string":
      return JSON.stringify(
        value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}...` : value,
      );
    case "function":
      return "a function";
    case "bigint":
      return `${value}n`;
    case "object":
      return value === null ? "null" : describeObject(value);
    default:
      return String(value);
  }
}

function describeObject(value: object): string {
  if (Array.isArray(value)) {
    return value.length === 0
      ? "an empty array"
      : `an array of ${value.length}`;
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    const name = prototype?.constructor?.name;
    if (typeof name === "string" && name !== "") return `a ${name}`;
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return "an empty object";
  const shown = keys.slice(0, MAX_KEYS).join(", ");
  return `an object with ${shown}${keys.length > MAX_KEYS ? ", ..." : ""}`;
}

/** `a`, `a or b`, `a, b or c`. */
export function listOf(items: readonly string[], last: "and" | "or"): string {
  return items.length <= 1
    ? items.join("")
    : `${items.slice(0, -1).join(", ")} ${last} ${items.at(-1)}`;
}
