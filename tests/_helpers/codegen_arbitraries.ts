/**
 * A small, hand-written model of protocol types for property tests of the
 * generated validators: from a {@link Schema} it builds a fast-check
 * arbitrary of valid values, and lists every way to break one value
 * (wrong type, broken constraint, extra field, missing field) with the
 * path the validator must report. It is written independently of the code
 * generator, so it can catch the generator disagreeing with the types.
 *
 * @module
 */
import fc from "fast-check";
import { DELETE, type ValuePath } from "./codegen_kitchen_values.ts";

/** The JSON kinds a value can have, for picking a value of the wrong type. */
export type JsonKind =
  | "string"
  | "number"
  | "boolean"
  | "null"
  | "array"
  | "object";

/** A protocol type, as far as the property tests need to know it. */
export type Schema =
  | {
    /** A value not descended into: primitives, literals, enums, general unions. */
    readonly kind: "leaf";
    readonly valid: fc.Arbitrary<unknown>;
    /** JSON kinds some valid value has; any other kind is a wrong type. */
    readonly accepts: readonly JsonKind[];
    /** Values of an accepted kind that break a constraint, if any. */
    readonly broken?: fc.Arbitrary<unknown>;
    /** Values at and around the constraints' boundaries, valid or not. */
    readonly edges?: fc.Arbitrary<unknown>;
  }
  | {
    readonly kind: "array";
    readonly element: Schema;
    readonly minItems?: number;
    readonly maxItems?: number;
  }
  | { readonly kind: "tuple"; readonly elements: readonly Schema[] }
  | {
    readonly kind: "object";
    readonly fields: Readonly<Record<string, FieldSchema>>;
  }
  | { readonly kind: "record"; readonly value: Schema }
  | {
    /** A discriminated union of objects, told apart by the `tag` field. */
    readonly kind: "tagged";
    readonly tag: string;
    readonly variants: Readonly<Record<string, Schema & { kind: "object" }>>;
  }
  | { readonly kind: "nullable"; readonly inner: Schema };

/** A field of an object schema. */
export interface FieldSchema {
  readonly schema: Schema;
  readonly optional?: boolean;
}

/** One way to break a valid value, and where the validator must say so. */
export interface Mutation {
  readonly what:
    | "wrong type"
    | "broken constraint"
    | "extra field"
    | "missing field";
  /** Where to put the replacement (or remove, for a missing field). */
  readonly at: ValuePath;
  /** The path the validator must report, e.g. `.shapes[1].radius`. */
  readonly expectedPath: string;
  readonly replacement: fc.Arbitrary<unknown>;
}

const SAMPLE_BY_KIND: Readonly<Record<JsonKind, fc.Arbitrary<unknown>>> = {
  string: fc.string({ maxLength: 5 }),
  number: fc.double({ noNaN: true, noDefaultInfinity: true }),
  boolean: fc.boolean(),
  null: fc.constant(null),
  array: fc.array(fc.integer(), { maxLength: 2 }),
  object: fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), {
    maxKeys: 2,
  }),
};
const ALL_KINDS = Object.keys(SAMPLE_BY_KIND) as JsonKind[];
const EXTRA_KEYS = ["extra", "odd key", "0", "$"] as const;

/**
 * An arbitrary of values valid for `schema`.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(validValue(schema), (value) => validate(value) === undefined));
 * ```
 */
export function validValue(schema: Schema): fc.Arbitrary<unknown> {
  switch (schema.kind) {
    case "leaf":
      return schema.valid;
    case "array":
      return fc.array(validValue(schema.element), {
        minLength: schema.minItems ?? 0,
        maxLength: schema.maxItems ?? 3,
      });
    case "tuple":
      return fc.tuple(...schema.elements.map(validValue));
    case "object": {
      const entries = Object.entries(schema.fields);
      return fc.record(
        Object.fromEntries(
          entries.map(([name, field]) => [name, validValue(field.schema)]),
        ),
        {
          requiredKeys: entries.filter(([, field]) => !field.optional).map((
            [name],
          ) => name),
        },
      );
    }
    case "record":
      return fc.dictionary(recordKey, validValue(schema.value), { maxKeys: 3 });
    case "tagged":
      return fc.oneof(...Object.values(schema.variants).map(validValue));
    case "nullable":
      return fc.option(validValue(schema.inner), { nil: null, freq: 3 });
  }
}

/** Record keys; `__proto__` is left out because assigning it changes the prototype. */
const recordKey = fc.string({ maxLength: 6 }).filter((key) =>
  key !== "__proto__"
);

/**
 * Every mutation of `value` (valid for `schema`) that the validator must
 * refuse, each with the path it must report.
 *
 * @example
 * ```ts
 * const all = mutations(schema, value);
 * all[0].expectedPath; // "" (the whole value, given a wrong type)
 * ```
 */
export function mutations(
  schema: Schema,
  value: unknown,
  at: ValuePath = [],
  withWrongType = true,
): Mutation[] {
  const path = renderPath(at);
  const found: Mutation[] = [];
  const wrongKinds = ALL_KINDS.filter((kind) =>
    !accepts(schema).includes(kind)
  );
  if (withWrongType && wrongKinds.length > 0) {
    found.push({
      what: "wrong type",
      at,
      expectedPath: path,
      replacement: fc.oneof(...wrongKinds.map((kind) => SAMPLE_BY_KIND[kind])),
    });
  }
  switch (schema.kind) {
    case "leaf":
      if (schema.broken) {
        found.push({
          what: "broken constraint",
          at,
          expectedPath: path,
          replacement: schema.broken,
        });
      }
      break;
    case "array": {
      const items = value as unknown[];
      const { minItems, maxItems } = schema;
      if (minItems !== undefined && minItems > 0) {
        const tooFew = fc.array(validValue(schema.element), {
          maxLength: minItems - 1,
        });
        found.push({
          what: "broken constraint",
          at,
          expectedPath: path,
          replacement: tooFew,
        });
      }
      if (maxItems !== undefined) {
        const tooMany = fc.array(validValue(schema.element), {
          minLength: maxItems + 1,
          maxLength: maxItems + 2,
        });
        found.push({
          what: "broken constraint",
          at,
          expectedPath: path,
          replacement: tooMany,
        });
      }
      items.forEach((item, index) =>
        found.push(...mutations(schema.element, item, [...at, index]))
      );
      break;
    }
    case "tuple":
      schema.elements.forEach((element, index) =>
        found.push(
          ...mutations(element, (value as unknown[])[index], [...at, index]),
        )
      );
      break;
    case "object":
      found.push(
        ...objectMutations(schema, value as Record<string, unknown>, at),
      );
      break;
    case "record":
      for (
        const [key, item] of Object.entries(value as Record<string, unknown>)
      ) {
        found.push(...mutations(schema.value, item, [...at, key]));
      }
      break;
    case "tagged": {
      const variant =
        schema.variants[(value as Record<string, string>)[schema.tag]];
      // The variant's own wrong-type mutation would duplicate the union's.
      found.push(...mutations(variant, value, at, false));
      break;
    }
    case "nullable":
      if (value !== null) {
        found.push(...mutations(schema.inner, value, at, false));
      }
      break;
  }
  return found;
}

function objectMutations(
  schema: Schema & { kind: "object" },
  value: Record<string, unknown>,
  at: ValuePath,
): Mutation[] {
  const found: Mutation[] = [];
  for (const key of EXTRA_KEYS) {
    if (key in schema.fields) continue;
    found.push({
      what: "extra field",
      at: [...at, key],
      expectedPath: renderPath([...at, key]),
      replacement: fc.jsonValue({ maxDepth: 1 }),
    });
  }
  for (const [name, field] of Object.entries(schema.fields)) {
    if (!(name in value)) continue;
    if (!field.optional) {
      found.push({
        what: "missing field",
        at: [...at, name],
        expectedPath: renderPath([...at, name]),
        replacement: fc.constant(DELETE),
      });
    }
    found.push(...mutations(field.schema, value[name], [...at, name]));
  }
  return found;
}

function accepts(schema: Schema): readonly JsonKind[] {
  switch (schema.kind) {
    case "leaf":
      return schema.accepts;
    case "array":
    case "tuple":
      return ["array"];
    case "nullable":
      return [...accepts(schema.inner), "null"];
    default:
      return ["object"];
  }
}

/**
 * Renders a path the way validators report it: `.name` for identifiers,
 * `["odd key"]` otherwise, `[2]` for array items.
 *
 * @example
 * ```ts
 * renderPath(["people", "a b", "tags", 0]); // '.people["a b"].tags[0]'
 * ```
 */
export function renderPath(path: ValuePath): string {
  return path.map((key) =>
    typeof key === "number"
      ? `[${key}]`
      : /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)
      ? `.${key}`
      : `[${JSON.stringify(key)}]`
  ).join("");
}
