/**
 * The kitchen-sink fixture types (tests/_fixtures/protocols/) written out
 * by hand as {@link Schema}s, with fast-check arbitraries of valid values
 * and of values that break each constraint tag.
 *
 * @module
 */
import fc from "fast-check";
import type { FieldSchema, JsonKind, Schema } from "./codegen_arbitraries.ts";
import {
  dateTimeEdges,
  emailEdges,
  lengthEdges,
  numberEdges,
  uriEdges,
  uuidEdges,
} from "./codegen_edges.ts";

type Literal = string | number | boolean | null;

const leaf = (
  valid: fc.Arbitrary<unknown>,
  accepts: readonly JsonKind[],
  broken?: fc.Arbitrary<unknown>,
  edges?: fc.Arbitrary<unknown>,
): Schema => ({ kind: "leaf", valid, accepts, broken, edges });

const finite = (constraints: fc.DoubleConstraints = {}) =>
  fc.double({ noNaN: true, noDefaultInfinity: true, ...constraints });

const kindOf = (value: Literal): JsonKind =>
  value === null ? "null" : typeof value as "string" | "number" | "boolean";

/** A literal type, or a union of literals (enums included). */
function oneOf(
  values: readonly Literal[],
  nonMembers: readonly Literal[],
): Schema {
  const members = fc.constantFrom(...values);
  const others = fc.constantFrom(...nonMembers);
  return leaf(
    members,
    [...new Set(values.map(kindOf))],
    others,
    fc.oneof(members, others),
  );
}

/** Whole numbers in [minimum, maximum]; broken: out of range, or a fraction. */
function integerBetween(minimum: number, maximum: number): Schema {
  return leaf(
    fc.integer({ min: minimum, max: maximum }),
    ["number"],
    fc.oneof(
      fc.integer({ min: maximum + 1, max: maximum + 1_000 }),
      fc.integer({ min: minimum - 1_000, max: minimum - 1 }),
      fc.integer({ min: minimum, max: maximum - 1 }).map((n) => n + 0.5),
    ),
    numberEdges([minimum, maximum]),
  );
}

const LOWER = "abcdefghijklmnopqrstuvwxyz".split("");
const HANDLE_REST = [...LOWER, ..."0123456789_".split("")];

/** `^[a-z][a-z0-9_]*$` strings of the given lengths. */
const handleText = (minLength: number, maxLength: number) =>
  fc.tuple(
    fc.constantFrom(...LOWER),
    fc.string({
      unit: fc.constantFrom(...HANDLE_REST),
      minLength: minLength - 1,
      maxLength: maxLength - 1,
    }),
  ).map(([first, rest]) => first + rest);

/** Handle (min 2, pattern) with an upper length bound; broken: each tag in turn. */
const handle = (maxLength: number): Schema =>
  leaf(
    handleText(2, maxLength),
    ["string"],
    fc.oneof(
      fc.constantFrom(...LOWER),
      handleText(maxLength + 1, maxLength + 4),
      handleText(2, maxLength).map((text) =>
        text[0].toUpperCase() + text.slice(1)
      ),
      handleText(2, maxLength).map((text) => "9" + text.slice(1)),
    ),
    fc.oneof(
      fc.constantFrom(1, 2, maxLength, maxLength + 1).chain((length) =>
        handleText(length, length)
      ),
      handleText(2, maxLength).chain((text) =>
        fc.constantFrom(
          `_${text}`,
          `${text}\n`,
          `${text}é`,
          `${text}-`,
          text.toUpperCase(),
        )
      ),
    ),
  );

/** Strings of `minLength..maxLength` ASCII characters; broken: too short or too long. */
const boundedString = (minLength: number, maxLength: number): Schema =>
  leaf(
    fc.string({ minLength, maxLength }),
    ["string"],
    fc.oneof(
      ...(minLength > 0 ? [fc.string({ maxLength: minLength - 1 })] : []),
      fc.string({ minLength: maxLength + 1, maxLength: maxLength + 5 }),
    ).filter((text) => text.length < minLength || text.length > maxLength),
    lengthEdges(minLength, maxLength),
  );

const anyString = leaf(fc.string({ unit: "binary", maxLength: 8 }), ["string"]);
const anyNumber = leaf(finite(), ["number"]);

const uuid = leaf(
  fc.uuid(),
  ["string"],
  fc.oneof(
    fc.uuid().map((id) => id.slice(1)),
    fc.uuid().map((id) => id.replaceAll("-", "")),
    fc.uuid().map((id) => `${id}0`),
  ),
  uuidEdges,
);

const isoDate = fc.date({
  min: new Date("0001-01-01T00:00:00Z"),
  max: new Date("9999-12-31T23:59:59Z"),
  noInvalidDate: true,
}).map((date) => date.toISOString());

const timestamp = leaf(
  fc.oneof(
    isoDate,
    isoDate.map((text) => text.replace("Z", "+05:30")),
    isoDate.map((text) => text.slice(0, 19).replace("T", "t") + "z"),
  ),
  ["string"],
  fc.oneof(
    isoDate.map((text) => text.slice(0, 10)),
    isoDate.map((text) => text.slice(0, 16) + "Z"),
    isoDate.map((text) => text.replace("T", "_")),
    // Dates the calendar does not have: Feb 30 and 31, April 31.
    fc.tuple(
      fc.integer({ min: 1000, max: 9999 }),
      fc.constantFrom("02-30", "02-31", "04-31", "13-01", "00-10"),
    )
      .map(([year, day]) => `${year}-${day}T10:00:00Z`),
  ),
  dateTimeEdges,
);

const email = leaf(
  fc.emailAddress(),
  ["string"],
  fc.oneof(
    fc.string({ minLength: 1, maxLength: 10 }).filter((text) =>
      !text.includes("@")
    ),
    fc.constantFrom("a@b", "a@@example.org", "a b@example.org", "@example.org"),
  ),
  emailEdges,
);

const link = leaf(
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  ["string"],
  fc.oneof(
    fc.webUrl().map((url) => url.replace(/^https?:\/\//, "")),
    fc.webUrl().map((url) => ` ${url}`),
    fc.webUrl().map((url) => `${url}/a b`),
  ),
  uriEdges,
);

const colour = oneOf(["red", "green", "blue"], ["Red", "purple", ""]);
const point: Schema = { kind: "tuple", elements: [anyNumber, anyNumber] };
const age = integerBetween(0, 150);

const required = (schema: Schema): FieldSchema => ({ schema });
const optional = (schema: Schema): FieldSchema => ({ schema, optional: true });
const object = (
  fields: Record<string, FieldSchema>,
): Schema & { kind: "object" } => ({
  kind: "object",
  fields,
});
const arrayOf = (
  element: Schema,
  minItems?: number,
  maxItems?: number,
): Schema => ({
  kind: "array",
  element,
  minItems,
  maxItems,
});
const recordOf = (value: Schema): Schema => ({ kind: "record", value });
const nullable = (inner: Schema): Schema => ({ kind: "nullable", inner });

/** `Person` (extends `Entity`). */
export const personSchema: Schema = object({
  id: required(uuid),
  createdAt: required(timestamp),
  handle: required(handle(16)),
  email: required(email),
  age: optional(age),
  homepage: required(nullable(link)),
  nickname: optional(nullable(anyString)),
  colour: required(colour),
});

/** `Shape`: circle, rect or point, told apart by `kind`. */
export const shapeSchema: Schema = {
  kind: "tagged",
  tag: "kind",
  variants: {
    circle: object({
      kind: required(oneOf(["circle"], ["circle!"])),
      radius: required(
        leaf(
          finite({ min: 0, minExcluded: true }),
          ["number"],
          finite({ max: 0 }),
          numberEdges([0]),
        ),
      ),
    }),
    rect: object({
      kind: required(oneOf(["rect"], ["rect!"])),
      width: required(
        leaf(
          finite({ min: 0 }),
          ["number"],
          finite({ max: -1e-9 }),
          numberEdges([0]),
        ),
      ),
      height: required(
        leaf(
          finite({ min: 0 }),
          ["number"],
          finite({ max: -1e-9 }),
          numberEdges([0]),
        ),
      ),
    }),
    point: object({
      kind: required(oneOf(["point"], ["point!"])),
      at: required(point),
    }),
  },
};

/** `Everything`: every type form and tag. */
export const everythingSchema: Schema = object({
  text: required(boundedString(1, 10)),
  count: required(integerBetween(-5, 5)),
  ratio: required(leaf(
    finite({ min: 0, max: 1, minExcluded: true, maxExcluded: true }),
    ["number"],
    fc.oneof(fc.constantFrom(0, 1), finite({ min: 1 }), finite({ max: 0 })),
    numberEdges([0, 1]),
  )),
  flag: required(leaf(fc.boolean(), ["boolean"])),
  nothing: required(leaf(fc.constant(null), ["null"])),
  fixedText: required(oneOf(["fixed"], ["Fixed", "fixed "])),
  fixedNumber: required(oneOf([7], [7.5, -7, 0])),
  fixedFlag: required(oneOf([false], [true])),
  colour: required(colour),
  onlyRed: required(oneOf(["red"], ["green", "blue"])),
  priority: required(oneOf([1, 2, 3], [0, 4, 1.5])),
  handles: required(arrayOf(handle(16), 1, 3)),
  matrix: required(arrayOf(arrayOf(anyNumber), undefined, 4)),
  more: required(arrayOf(handle(16))),
  frozen: required(arrayOf(anyString)),
  point: required(point),
  pair: required({ kind: "tuple", elements: [anyString, anyNumber] }),
  maybe: optional(anyString),
  nullable: required(nullable(boundedString(0, 5))),
  optionalNullable: optional(nullable(age)),
  shortHandle: required(handle(8)),
  person: required(personSchema),
  shapes: required(arrayOf(shapeSchema)),
  mood: required(
    oneOf(["happy", "sad", 42, true, null], ["angry", false, 41, "42"]),
  ),
  scalar: required(leaf(
    fc.oneof(fc.string(), finite(), fc.boolean(), fc.tuple(finite(), finite())),
    ["string", "number", "boolean", "array"],
    fc.constantFrom([1], [1, "2"], [1, 2, 3]),
    fc.constantFrom([1], [1, "2"], [1, 2, 3], [1, null], {}, null, "", 0),
  )),
  scores: required(recordOf(anyNumber)),
  people: required(recordOf(personSchema)),
  "quoted-key": required(anyString),
  meta: required(object({
    email: required(email),
    uuid: required(uuid),
    dateTime: required(timestamp),
    uri: required(link),
    labels: required(recordOf(anyString)),
  })),
});

/** The answer of the `lookup` RPC. */
export const lookupResponseSchema: Schema = object({
  people: required(recordOf(personSchema)),
  missing: required(arrayOf(uuid)),
});

/** The request of the `lookup` RPC. */
export const lookupRequestSchema: Schema = object({
  ids: required(arrayOf(uuid, 1, 10)),
});

/** The `tick` event of the second protocol, `Ticker`. */
export const tickSchema: Schema = object({
  sequence: required(leaf(
    fc.nat(),
    ["number"],
    fc.oneof(fc.integer({ max: -1 }), fc.nat().map((n) => n + 0.25)),
    numberEdges([0, Number.MAX_SAFE_INTEGER]),
  )),
});
