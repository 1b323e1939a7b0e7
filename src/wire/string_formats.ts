/**
 * The `@format` checks generated validators call: written once here in the
 * runtime rather than copied into every generated file. Each is a plain
 * predicate, strict where the format is strict (a `date-time` must be a real
 * calendar date and time) and cheap (no `Date.parse`).
 *
 * @module
 */

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
 * @example
 * ```ts
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

const DATE_TIME =
  /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/u;

/**
 * True for an RFC 3339 date-time (`2026-11-23T14:05:00Z`,
 * `2026-11-23T15:05:00.123+01:00`): the layout by pattern, then the
 * calendar (month lengths, leap years) and the clock ranges.
 *
 * @example
 * ```ts
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
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return false;
  if (
    twoDigits(value, 11) > 23 || twoDigits(value, 14) > 59 ||
    twoDigits(value, 17) > 59
  ) return false;
  const zone = value.charCodeAt(value.length - 1);
  if (zone === 90 || zone === 122) return true; // Z or z
  return twoDigits(value, value.length - 5) <= 23 &&
    twoDigits(value, value.length - 2) <= 59;
}

/** The number written by the two ASCII digits at `at`. */
function twoDigits(value: string, at: number): number {
  return (value.charCodeAt(at) - 48) * 10 + value.charCodeAt(at + 1) - 48;
}

const EMAIL =
  /^[^\s@"<>()\[\],;:]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/u;

/**
 * True for an email address of the usual shape: a local part without spaces
 * or specials, `@`, and a dotted host name with valid labels.
 *
 * @example
 * ```ts
 * isEmail("alice@example.com"); // true
 * isEmail("alice@localhost"); // false: no dot in the host
 * ```
 */
export function isEmail(value: string): boolean {
  return EMAIL.test(value);
}

const URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/u;

/**
 * True for an absolute URI: a scheme, a colon, and no whitespace.
 *
 * @example
 * ```ts
 * isUri("https://example.com/a?b=c"); // true
 * isUri("/relative/path"); // false
 * ```
 */
export function isUri(value: string): boolean {
  return URI.test(value);
}
