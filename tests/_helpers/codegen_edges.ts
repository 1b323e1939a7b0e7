/**
 * Values at and around constraint boundaries, for the differential test of
 * the exported JSON Schemas against the generated validators: lengths just
 * inside and outside their bounds (counted in code points, with characters
 * outside the BMP so UTF-16 counts differ), numbers at, just above and just
 * below each bound, and the near misses of each `@format`. Whether a value
 * is valid does not matter here; both checkers must say the same.
 *
 * @module
 */
import fc from "fast-check";

/** Characters of one and of two UTF-16 code units. */
const MIXED_UNITS = fc.constantFrom("a", "Z", "é", "€", "😀", "𝄞");

/**
 * Strings of exactly `length` code points, a mix of one- and two-unit
 * characters, so `.length` is often larger than the code point count.
 *
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { stringOfCodePoints } from "./codegen_edges.ts";
 * fc.sample(stringOfCodePoints(2), 1); // e.g. ["a😀"] (3 UTF-16 units)
 * ```
 */
export function stringOfCodePoints(length: number): fc.Arbitrary<string> {
  return fc.array(MIXED_UNITS, { minLength: length, maxLength: length })
    .map((characters) => characters.join(""));
}

/**
 * Strings one code point short of, at, and one past each length bound.
 *
 * @example
 * ```ts
 * import { lengthEdges } from "./codegen_edges.ts";
 * lengthEdges(1, 10); // lengths 0, 1, 10 and 11
 * ```
 */
export function lengthEdges(
  minLength: number,
  maxLength: number,
): fc.Arbitrary<string> {
  const lengths = [minLength - 1, minLength, maxLength, maxLength + 1]
    .filter((length) => length >= 0);
  return fc.constantFrom(...lengths).chain(stringOfCodePoints);
}

const FLOAT = new Float64Array(1);
const BITS = new BigInt64Array(FLOAT.buffer);

/** The next double after `value` towards `direction` (+1 or -1). */
function nextDouble(value: number, direction: 1 | -1): number {
  if (value === 0) return direction * Number.MIN_VALUE;
  FLOAT[0] = value;
  BITS[0] += (value > 0) === (direction > 0) ? 1n : -1n;
  return FLOAT[0];
}

/**
 * Each bound, the doubles right beside it, a half and a whole step away
 * (integers and fractions), and negative zero.
 *
 * @example
 * ```ts
 * import { numberEdges } from "./codegen_edges.ts";
 * numberEdges([0, 1]); // 0, 5e-324, -5e-324, 0.5, -0.5, 1, -1, ... -0
 * ```
 */
export function numberEdges(bounds: readonly number[]): fc.Arbitrary<number> {
  const values = bounds.flatMap((bound) => [
    bound,
    nextDouble(bound, 1),
    nextDouble(bound, -1),
    bound + 0.5,
    bound - 0.5,
    bound + 1,
    bound - 1,
  ]);
  return fc.constantFrom(...values, -0, 2 ** 53 + 2, -(2 ** 60), 1e308);
}

const UUID = "0b7e1c2a-5f0e-4c7b-9d3e-2a1f3c4d5e6f";

/** UUIDs in either case and their near misses (the `urn:uuid:` prefix JSON Schema allows). */
export const uuidEdges: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    UUID,
    UUID.toUpperCase(),
    `urn:uuid:${UUID}`,
    UUID.slice(1),
    `${UUID}0`,
    UUID.replace("0b", "0g"),
    UUID.replaceAll("-", ""),
    `{${UUID}}`,
  ),
  fc.uuid().map((id) => id.toUpperCase()),
);

/** Date-times at the edges of the calendar, the clock and the layout. */
export const dateTimeEdges: fc.Arbitrary<string> = fc.constantFrom(
  "2024-02-29T12:00:00Z",
  "2023-02-29T12:00:00Z",
  "2000-02-29T00:00:00Z",
  "1900-02-29T00:00:00Z",
  "2026-04-30T23:59:59.999999+23:59",
  "2026-04-31T00:00:00Z",
  "2026-12-31T23:59:60Z",
  "2026-06-30T23:59:60+00:00",
  "2026-11-23T24:00:00Z",
  "2026-11-23T12:60:00Z",
  "2026-11-23T12:00:00+24:00",
  "2026-11-23T12:00:00-00:60",
  "2026-11-23T12:00:00+0530",
  "2026-11-23T12:00:00+05",
  "2026-11-23t12:00:00z",
  "2026-11-23 12:00:00Z",
  "2026-11-23\t12:00:00Z",
  "2026-11-23T12:00:00",
  "2026-11-23T12:00:00.Z",
  "2026-13-01T00:00:00Z",
  "2026-00-10T00:00:00Z",
  "0000-02-29T00:00:00Z",
  "12026-01-01T00:00:00Z",
);

const LABEL_63 = "a".repeat(63);

/** Email addresses at the edges of the local part and the host name. */
export const emailEdges: fc.Arbitrary<string> = fc.constantFrom(
  "alice@example.com",
  "ALICE@EXAMPLE.COM",
  "a.b+c@mail.example.co",
  "!#$%&'*+/=?^_`{|}~-@example.org",
  "a..b@example.org",
  ".a@example.org",
  "a.@example.org",
  "ä@example.org",
  'a"b@example.org',
  "a\\b@example.org",
  "alice@localhost",
  `a@${LABEL_63}.com`,
  `a@${LABEL_63}a.com`,
  "a@-example.com",
  "a@example-.com",
  "a@example..com",
  "a@example.com.",
  "a@1.2",
  "a@@example.com",
);

/** URIs at the edges of RFC 3986. */
export const uriEdges: fc.Arbitrary<string> = fc.constantFrom(
  "https://example.com/a?b=c#d",
  "urn:isbn:0451450523",
  "mailto:alice@example.com",
  "a:b",
  "a:",
  "a:?q",
  "a:#f",
  "a:/b",
  "a:/host:80/",
  "http://[::1]:8080/",
  "http://[::1/",
  "http://[v1.x]/",
  "http://[fe80::1%25eth0]/",
  "http://256.1.1.1/",
  "http://host:port/",
  "http://host:/",
  "http://user:pass@host/",
  "http://a b/",
  "http://host/%41%zz",
  "http://host/%4",
  "http://host/é",
  "http://host/a|b",
  "http://host/<a>",
  "http://host/?a[]=1",
  "1http://host/",
  "+a:b",
  "/relative",
  "",
);
