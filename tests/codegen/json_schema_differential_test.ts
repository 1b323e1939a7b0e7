import fc from "fast-check";
import { join } from "node:path";
import {
  validateEverything,
  validateKitchenSinkLookupRequest,
  validateKitchenSinkLookupResponse,
  validatePerson,
  validateShape,
  validateTickerTickEvent,
} from "../_fixtures/protocols/gen/kitchen_sink_protocol.ts";
import type { Validator } from "@wiretype/wiretype/client";
import { assert, assertEquals } from "../_helpers/assert.ts";
import {
  type Mutation,
  mutations,
  type Schema,
  validValue,
} from "../_helpers/codegen_arbitraries.ts";
import { edgeCases } from "../_helpers/codegen_edge_cases.ts";
import {
  everythingSchema,
  lookupRequestSchema,
  lookupResponseSchema,
  personSchema,
  shapeSchema,
  tickSchema,
} from "../_helpers/codegen_kitchen_schema.ts";
import {
  replaceAt,
  validEverything,
  validPerson,
} from "../_helpers/codegen_kitchen_values.ts";
import { loadSchemaFile } from "../_helpers/codegen_ajv.ts";
import { REPO_ROOT } from "../_helpers/codegen_run.ts";

const schemaFile = await loadSchemaFile(
  join(REPO_ROOT, "tests/_fixtures/protocols/gen/kitchen_sink_schema.json"),
);

/** Each subject: its definition in the schema file, its model, its generated validator. */
const SUBJECTS: readonly [string, Schema, Validator][] = [
  ["Everything", everythingSchema, validateEverything],
  ["Person", personSchema, validatePerson],
  ["Shape", shapeSchema, validateShape],
  [
    "KitchenSinkLookupRequest",
    lookupRequestSchema,
    validateKitchenSinkLookupRequest,
  ],
  [
    "KitchenSinkLookupResponse",
    lookupResponseSchema,
    validateKitchenSinkLookupResponse,
  ],
  ["TickerTickEvent", tickSchema, validateTickerTickEvent],
];

const RUNS_PER_SUBJECT = 2_000;

/** The same verdict from ajv and the validator, as sent and after a JSON round trip; returns it. */
function assertAgree(
  definition: string,
  validate: Validator,
  value: unknown,
): boolean {
  const check = schemaFile(definition);
  let verdict = false;
  for (const candidate of [value, JSON.parse(JSON.stringify(value))]) {
    const issue = validate(candidate);
    verdict = check(candidate);
    assertEquals(
      verdict,
      issue === undefined,
      `${definition}: ajv ${
        verdict ? "accepts" : `refuses (${check.lastErrors()})`
      }, the validator ${
        issue === undefined ? "accepts" : `refuses (${JSON.stringify(issue)})`
      }: ${JSON.stringify(candidate)}`,
    );
  }
  return verdict;
}

/** A valid value, one mutation of one, or one probed at a boundary. */
function anyCandidate(schema: Schema): fc.Arbitrary<unknown> {
  const mutated = validValue(schema).chain((value) =>
    fc.constantFrom(...mutations(schema, value)).chain((
      { at, replacement }: Mutation,
    ) => replacement.map((drawn) => replaceAt(value, at, drawn)))
  );
  const edged = validValue(schema).chain((value) => {
    const cases = edgeCases(schema, value);
    return cases.length === 0 ? fc.constant(value) : fc.constantFrom(...cases)
      .chain(({ at, replacement }) =>
        replacement.map((drawn) => replaceAt(value, at, drawn))
      );
  });
  return fc.oneof(validValue(schema), mutated, edged);
}

Deno.test("ajv with the exported JSON Schemas and the generated validators agree on 12,000 random kitchen-sink values, valid, mutated and at boundaries", () => {
  let checked = 0;
  const verdicts = new Set<boolean>();
  for (const [definition, schema, validate] of SUBJECTS) {
    fc.assert(
      fc.property(anyCandidate(schema), (value) => {
        verdicts.add(assertAgree(definition, validate, value));
        checked++;
      }),
      { numRuns: RUNS_PER_SUBJECT },
    );
  }
  assertEquals(checked, SUBJECTS.length * RUNS_PER_SUBJECT);
  assert(checked >= 10_000, `only ${checked} values checked`);
  assertEquals([...verdicts].sort(), [false, true]);
});

Deno.test("at every constraint boundary of the kitchen sink, ajv and the validators agree, and each boundary has values on both sides", () => {
  const starts: readonly [string, Schema, Validator, unknown][] = [
    ["Everything", everythingSchema, validateEverything, validEverything()],
    ["Person", personSchema, validatePerson, validPerson()],
    ...SUBJECTS.filter(([name]) => name !== "Everything" && name !== "Person")
      .map(([name, schema, validate]): [string, Schema, Validator, unknown] => [
        name,
        schema,
        validate,
        fc.sample(validValue(schema), { numRuns: 1, seed: 7 })[0],
      ]),
  ];
  let checked = 0;
  for (const [definition, schema, validate, start] of starts) {
    for (const edge of edgeCases(schema, start)) {
      const verdicts = new Set<boolean>();
      const drawn = fc.sample(edge.replacement, { numRuns: 40, seed: 16 });
      for (const replacement of drawn) {
        const value = replaceAt(start, edge.at, replacement);
        verdicts.add(assertAgree(definition, validate, value));
        checked++;
      }
      const where = `${definition} at ${edge.at.join(".") || "$"}`;
      if (edge.kind === "tuple") assertEquals([...verdicts], [false], where);
      else assertEquals([...verdicts].sort(), [false, true], where);
    }
  }
  assert(checked >= 2_000, `only ${checked} boundary values checked`);
});
