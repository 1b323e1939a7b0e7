/**
 * Known-good values of the kitchen-sink fixture protocol
 * (tests/_fixtures/protocols/), and a way to check one changed field, for
 * the validator behaviour tests.
 *
 * @module
 */
import type {
  Everything,
  Person,
} from "../_fixtures/protocols/gen/kitchen_sink_protocol.ts";
import {
  validateEverything,
} from "../_fixtures/protocols/gen/kitchen_sink_protocol.ts";
import type { ValidationIssue } from "@wiretype/wiretype/client";

/**
 * A fresh valid {@link Person}, with every optional field set.
 *
 * @example
 * ```ts
 * const person = validPerson();
 * delete person.age;
 * ```
 */
export function validPerson(): Person {
  return {
    id: "7d444840-9dc0-11d1-b245-5ffdce74fad2",
    createdAt: "2024-05-01T12:30:00.250Z",
    handle: "ada",
    email: "ada@example.org",
    age: 36,
    homepage: "https://example.org/ada",
    nickname: null,
    colour: "green",
  };
}

/**
 * A fresh valid {@link Everything}: every type form with an in-range value.
 *
 * @example
 * ```ts
 * const value = validEverything();
 * value.count = 6; // now out of range
 * ```
 */
export function validEverything(): Everything {
  return {
    text: "hello",
    count: -5,
    ratio: 0.5,
    flag: true,
    nothing: null,
    fixedText: "fixed",
    fixedNumber: 7,
    fixedFlag: false,
    colour: "blue",
    onlyRed: "red",
    priority: 2,
    handles: ["ada", "grace"],
    matrix: [[1, 2], [], [3.5]],
    more: ["x_1"],
    frozen: ["anything goes", ""],
    point: [0, -1.5],
    pair: ["a", 1],
    maybe: "present",
    nullable: "five!",
    optionalNullable: null,
    shortHandle: "abcdefgh",
    person: validPerson(),
    shapes: [
      { kind: "circle", radius: 1 },
      { kind: "rect", width: 0, height: 2 },
      { kind: "point", at: [3, 4] },
    ],
    mood: 42,
    scalar: [1, 2],
    scores: { alice: 1, "bob smith": -2.5 },
    people: { ada: validPerson() },
    "quoted-key": "",
    meta: {
      email: "grace@navy.example.com",
      uuid: "00000000-0000-0000-0000-000000000000",
      dateTime: "1985-04-12T23:20:50+01:00",
      uri: "urn:isbn:0451450523",
      labels: { "": "empty key", env: "prod" },
    },
  };
}

/** A path to a value inside a message: field names and array indices. */
export type ValuePath = readonly (string | number)[];

/** Pass as the replacement to {@link replaceAt} to delete the field. */
export const DELETE: unique symbol = Symbol("delete");

/**
 * Returns a deep copy of `root` with the value at `path` replaced by
 * `replacement` (or removed with {@link DELETE}); `root` is left alone.
 *
 * @example
 * ```ts
 * replaceAt({ a: [1, 2] }, ["a", 1], "x"); // { a: [1, "x"] }
 * ```
 */
export function replaceAt(
  root: unknown,
  path: ValuePath,
  replacement: unknown,
): unknown {
  if (path.length === 0) return replacement;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) {
    parent = parent[key] as Record<string | number, unknown>;
  }
  const last = path[path.length - 1];
  if (replacement === DELETE) delete parent[last];
  else parent[last] = replacement;
  return copy;
}

/**
 * Validates a valid {@link Everything} with the value at `path` replaced
 * (or removed with {@link DELETE}).
 *
 * @example
 * ```ts
 * everythingIssue(["count"], 1.5); // { path: ".count", message: "expected integer" }
 * ```
 */
export function everythingIssue(
  path: ValuePath,
  replacement: unknown,
): ValidationIssue | undefined {
  return validateEverything(replaceAt(validEverything(), path, replacement));
}
