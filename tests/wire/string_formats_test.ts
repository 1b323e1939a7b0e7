import { assertEquals } from "../_helpers/assert.ts";
import {
  codePointLength,
  isDateTime,
  isEmail,
  isUri,
  isUuid,
} from "../../src/wire/string_formats.ts";

Deno.test("isUuid accepts hyphenated UUIDs in either case and refuses near misses", () => {
  assertEquals(
    [
      "0b7e1c2a-5f0e-4c7b-9d3e-2a1f3c4d5e6f",
      "0B7E1C2A-5F0E-4C7B-9D3E-2A1F3C4D5E6F",
      "0b7e1c2a5f0e4c7b9d3e2a1f3c4d5e6f",
      "0b7e1c2a-5f0e-4c7b-9d3e-2a1f3c4d5e6g",
      "0b7e1c2a-5f0e-4c7b-9d3e_2a1f3c4d5e6f",
      "0b7e1c2a-5f0e-4c7b-9d3e-2a1f3c4d5e6f0",
    ].map(isUuid),
    [true, true, false, false, false, false],
  );
});

Deno.test("isDateTime checks the calendar and the clock, not only the layout", () => {
  assertEquals(
    [
      "2024-02-29T12:00:00Z",
      "2023-02-29T12:00:00Z",
      "2026-04-31T00:00:00Z",
      "2026-11-23T23:59:59.999+01:00",
      "2026-11-23T24:00:00Z",
      "2026-11-23T12:00:00+24:00",
      "2026-11-23 12:00:00z",
      "2026-11-23T12:00:00",
      "2000-02-29T00:00:00Z",
      "1900-02-29T00:00:00Z",
    ].map(isDateTime),
    [true, false, false, true, false, false, true, false, true, false],
  );
});

Deno.test("isEmail and isUri accept the usual shapes and refuse the rest", () => {
  assertEquals(
    [
      "alice@example.com",
      "a.b+c@mail.example.co",
      "alice@localhost",
      "a b@example.com",
      "@example.com",
    ].map(isEmail),
    [true, true, false, false, false],
  );
  assertEquals(
    [
      "https://example.com/a?b=c",
      "mailto:alice@example.com",
      "urn:isbn:0451450523",
      "/relative",
      "http://exa mple.com",
    ].map(isUri),
    [true, true, true, false, false],
  );
});

Deno.test("isDateTime refuses a leap second and a time zone without its colon, as the exported pattern does", () => {
  assertEquals(
    [
      "2026-12-31T23:59:60Z",
      "2026-11-23T12:00:00+0530",
      "2026-11-23T12:00:00+05:30",
    ].map(isDateTime),
    [false, false, true],
  );
});

Deno.test("codePointLength counts a character outside the BMP once and a lone surrogate once", () => {
  assertEquals(
    ["", "abc", "héllo", "👍👍", "a\ud800", "\udc00\ud800"].map(
      codePointLength,
    ),
    [0, 3, 5, 2, 2, 2],
  );
});
