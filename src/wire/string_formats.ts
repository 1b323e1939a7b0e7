/**
 * The string checks generated validators call (`@format`s, and lengths in
 * code points): written once here in the runtime rather than copied into
 * every generated file. Each format check is a plain
 * predicate, strict where the format is strict (a `date-time` must be a real
 * calendar date and time) and cheap (no `Date.parse`), and accepts a subset
 * of what JSON Schema's format of the same name means, so the exported
 * schemas (format plus the layout pattern of _format_patterns.ts) agree.
 *
 * @module
 */
import {
  DATE_TIME_PATTERN,
  EMAIL_PATTERN,
  URI_PATTERN,
} from "./_format_patterns.ts";

const HEX_GROUPS: readonly (readonly [start: number, end: number])[] = [
  [0, 8],
  [9, 13],
  [14, 18],
  [19, 23],
  [24, 36],
];
const DASH = 45;

/**
 * True for a UUID in its 36-character hyphenated form (any version, either
 * case). A loop over character codes: several times faster than a RegExp.
 *
 * @example Usage
 * ```ts
 * import { isUuid } from "@wiretype/wiretype/codegen-runtime";
 *
 * isUuid("0b7e1c2a-5f0e-4c7b-9d3e-2a1f3c4d5e6f"); // true
 * isUuid("not-a-uuid"); // false
 * ```
 */
export function isUuid(value: string): boolean {
  if (value.length !== 36) return false;
  for (const [start, end] of HEX_GROUPS) {
    for (let index = start; index < end; index++) {
      const code = value.charCodeAt(index);
      const hex = (code >= 48 && code <= 57) || (code >= 65 && code <= 70) ||
        (code >= 97 && code <= 102);
      if (!hex) return false;
    }
    if (end < 36 && value.charCodeAt(end) !== DASH) return false;
  }
  return true;
}

const DATE_TIME = new RegExp(DATE_TIME_PATTERN, "u");

/**
 * True for an RFC 3339 date-time (`2026-11-23T14:05:00Z`,
 * `2026-11-23T15:05:00.123+01:00`): the layout and the clock's ranges by
 * pattern (no leap second), then the calendar (month lengths, leap years).
 *
 * @example Usage
 * ```ts
 * import { isDateTime } from "@wiretype/wiretype/codegen-runtime";
 *
 * isDateTime("2024-02-29T12:00:00Z"); // true
 * isDateTime("2023-02-29T12:00:00Z"); // false: not a leap year
 * ```
 */
export function isDateTime(value: string): boolean {
  if (!DATE_TIME.test(value)) return false;
  const year = twoDigits(value, 0) * 100 + twoDigits(value, 2);
  const month = twoDigits(value, 5);
  const day = twoDigits(value, 8);
  const daysInMonth = month === 2
    ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28)
    : month === 4 || month === 6 || month === 9 || month === 11
    ? 30
    : 31;
  return day <= daysInMonth;
}

/** The number written by the two ASCII digits at `at`. */
function twoDigits(value: string, at: number): number {
  return (value.charCodeAt(at) - 48) * 10 + value.charCodeAt(at + 1) - 48;
}

const EMAIL = new RegExp(EMAIL_PATTERN, "u");

/**
 * True for an email address of the usual shape: a local part of letters,
 * digits and ``!#$%&'*+/=?^_`{|}~-`` in dot-separated runs (no quoted local
 * parts, no non-ASCII), `@`, and a dotted host name with valid labels.
 *
 * @example Usage
 * ```ts
 * import { isEmail } from "@wiretype/wiretype/codegen-runtime";
 *
 * isEmail("alice@example.com"); // true
 * isEmail("alice@localhost"); // false: no dot in the host
 * ```
 */
export function isEmail(value: string): boolean {
  return EMAIL.test(value);
}

const URI = new RegExp(URI_PATTERN);

/**
 * True for an absolute URI as RFC 3986 defines it (a scheme, a colon, and
 * an authority, path, query and fragment of the allowed characters, with
 * `%` escapes); no whitespace, no non-ASCII characters (encode them).
 *
 * @example Usage
 * ```ts
 * import { isUri } from "@wiretype/wiretype/codegen-runtime";
 *
 * isUri("https://example.com/a?b=c"); // true
 * isUri("/relative/path"); // false
 * ```
 */
export function isUri(value: string): boolean {
  return URI.test(value);
}

/**
 * The length of `value` in Unicode code points, as `@minLength` and
 * `@maxLength` (and JSON Schema, and Python's `len`) count it: a character
 * outside the Basic Multilingual Plane (an emoji) counts once, not as its two
 * UTF-16 code units. Generated validators call it only when `value.length`
 * alone cannot decide, so ASCII text costs nothing extra.
 *
 * @example Usage
 * ```ts
 * import { codePointLength } from "@wiretype/wiretype/codegen-runtime";
 *
 * codePointLength("héllo"); // 5
 * codePointLength("👍👍"); // 2 ("👍👍".length is 4)
 * ```
 */
export function codePointLength(value: string): number {
  let length = value.length;
  for (let index = 0; index < value.length - 1; index++) {
    const code = value.charCodeAt(index);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = value.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        length--;
        index++;
      }
    }
  }
  return length;
}
