import fc from "fast-check";
import {
  validateEverything,
  validateKitchenSinkLookupResponse,
  validatePerson,
  validateShape,
} from "../_fixtures/protocols/gen/kitchen_sink_protocol.ts";
import type { Validator } from "@wiretype/wiretype/client";
import { assert, assertEquals } from "../_helpers/assert.ts";
import {
  type Mutation,
  mutations,
  type Schema,
  validValue,
} from "../_helpers/codegen_arbitraries.ts";
import {
  everythingSchema,
  lookupResponseSchema,
  personSchema,
  shapeSchema,
} from "../_helpers/codegen_kitchen_schema.ts";
import { replaceAt } from "../_helpers/codegen_kitchen_values.ts";

/** Bounded, so the suite stays fast; a failure prints its seed to replay it. */
const RUNS = { numRuns: 200 } as const;

const SUBJECTS: readonly [string, Schema, Validator][] = [
  ["Everything", everythingSchema, validateEverything],
  ["Person", personSchema, validatePerson],
  ["Shape", shapeSchema, validateShape],
  [
    "the lookup answer",
    lookupResponseSchema,
    validateKitchenSinkLookupResponse,
  ],
];

/** A valid value, one of its mutations, and the replacement drawn for it (plain data, so failures print well). */
function mutatedValue(schema: Schema) {
  return validValue(schema).chain((value) =>
    fc.constantFrom(...mutations(schema, value)).chain((
      { replacement, ...mutation }: Mutation,
    ) => replacement.map((drawn) => ({ value, mutation, replacement: drawn })))
  );
}

for (const [name, schema, validate] of SUBJECTS) {
  Deno.test(`random valid ${name} values pass, before and after a JSON round trip`, () => {
    fc.assert(
      fc.property(validValue(schema), (value) => {
        assertEquals(validate(value), undefined);
        assertEquals(validate(JSON.parse(JSON.stringify(value))), undefined);
      }),
      RUNS,
    );
  });

  Deno.test(`random ${name} values with one mutation fail with a path pointing at it`, () => {
    fc.assert(
      fc.property(mutatedValue(schema), ({ value, mutation, replacement }) => {
        const broken = replaceAt(value, mutation.at, replacement);
        const issue = validate(broken);
        assert(
          issue !== undefined,
          `${mutation.what} at ${mutation.expectedPath || "$"} passed`,
        );
        assertEquals(
          issue.path,
          mutation.expectedPath,
          `${mutation.what} at ${
            mutation.expectedPath || "$"
          } reported at ${issue.path}: ${issue.message}`,
        );
      }),
      RUNS,
    );
  });
}

Deno.test("every kind of mutation is drawn for Everything", () => {
  const kinds = new Set<string>();
  fc.assert(
    fc.property(
      mutatedValue(everythingSchema),
      ({ mutation }) => void kinds.add(mutation.what),
    ),
    RUNS,
  );
  assertEquals([...kinds].sort(), [
    "broken constraint",
    "extra field",
    "missing field",
    "wrong type",
  ]);
});
