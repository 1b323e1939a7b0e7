/**
 * Protocol types as JSON Schema (draft-07, which AsyncAPI 3.0's schema
 * format extends): one pure function from a {@link TypeNode} to a schema
 * that accepts exactly what the generated validator of that type accepts.
 * tests/codegen/json_schema_differential_test.ts holds them to it.
 *
 * @module
 */
import type { Field, StringConstraints, TypeNode } from "./ir.ts";
import {
  DATE_TIME_PATTERN,
  EMAIL_PATTERN,
  UUID_PATTERN,
} from "../src/wire/_format_patterns.ts";

/** A JSON value, as schemas and documents are built from them. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

/** A JSON Schema: an object of keywords. */
export type JsonSchema = { readonly [keyword: string]: JsonValue };

/**
 * The layout each `@format` has in wiretype, as a pattern the schema
 * carries beside `format` (validators that skip formats still check it).
 * `uri` has none: wiretype checks exactly the RFC 3986 grammar that
 * `format: "uri"` means.
 */
const FORMAT_PATTERNS: Readonly<Record<string, string | undefined>> = {
  email: EMAIL_PATTERN,
  uuid: UUID_PATTERN,
  "date-time": DATE_TIME_PATTERN,
};

/**
 * The JSON Schema of `node`. Named types become `$ref`s to
 * `${refBase}<Name>` (`#/definitions/` in a JSON Schema file,
 * `#/components/schemas/` in AsyncAPI). Objects are closed, as the
 * validators are; string lengths count code points in both.
 */
export function typeSchema(node: TypeNode, refBase: string): JsonSchema {
  switch (node.kind) {
    case "string":
      return stringSchema(node.constraints);
    case "number": {
      const c = node.constraints;
      return withDefined({
        type: c.integer ? "integer" : "number",
        minimum: c.minimum,
        maximum: c.maximum,
        exclusiveMinimum: c.exclusiveMinimum,
        exclusiveMaximum: c.exclusiveMaximum,
      });
    }
    case "boolean":
      return { type: "boolean" };
    case "null":
      return { type: "null" };
    case "literal":
      return { const: node.value };
    case "array":
      return withDefined({
        type: "array",
        items: typeSchema(node.element, refBase),
        minItems: node.constraints.minItems,
        maxItems: node.constraints.maxItems,
      });
    case "tuple":
      return {
        type: "array",
        items: node.elements.map((element) => typeSchema(element, refBase)),
        minItems: node.elements.length,
        maxItems: node.elements.length,
      };
    case "object":
      return objectSchema(node.fields, refBase);
    case "record":
      return {
        type: "object",
        additionalProperties: typeSchema(node.value, refBase),
      };
    case "union":
      return unionSchema(node, refBase);
    case "ref":
      return { $ref: `${refBase}${node.name}` };
  }
}

function stringSchema(c: StringConstraints): JsonSchema {
  const layout = c.format === undefined ? undefined : FORMAT_PATTERNS[c.format];
  return withDefined({
    type: "string",
    minLength: c.minLength,
    maxLength: c.maxLength,
    format: c.format,
    pattern: c.pattern ?? layout,
    // A schema has one `pattern`: the layout of a format goes beside it.
    allOf: c.pattern !== undefined && layout !== undefined
      ? [{ pattern: layout }]
      : undefined,
  });
}

function objectSchema(fields: readonly Field[], refBase: string): JsonSchema {
  const required = fields.filter((field) => !field.optional).map((field) =>
    field.name
  );
  return withDefined({
    type: "object",
    properties: Object.fromEntries(
      fields.map((field) => [
        field.name,
        withDescription(typeSchema(field.type, refBase), field.doc),
      ]),
    ),
    required: required.length > 0 ? required : undefined,
    additionalProperties: false,
  });
}

function unionSchema(
  node: Extract<TypeNode, { kind: "union" }>,
  refBase: string,
): JsonSchema {
  const { variants } = node;
  if (variants.every((v) => v.kind === "literal" || v.kind === "null")) {
    return { enum: variants.map((v) => v.kind === "literal" ? v.value : null) };
  }
  const schemas = variants.map((variant) => typeSchema(variant, refBase));
  // The variants of a discriminated union exclude each other; others are
  // tried in turn, as the validator does, so any match is enough.
  return node.discriminant === undefined
    ? { anyOf: schemas }
    : { oneOf: schemas };
}

/**
 * `schema` with a `description` when `doc` is not empty. Beside a `$ref`
 * it is an annotation only, which is all it is meant to be.
 */
export function withDescription(schema: JsonSchema, doc: string): JsonSchema {
  return doc === "" ? schema : { ...schema, description: doc };
}

/** Drops keywords whose value is undefined, keeping the order of the rest. */
function withDefined(
  schema: Readonly<Record<string, JsonValue | undefined>>,
): JsonSchema {
  return Object.fromEntries(
    Object.entries(schema).filter(([, value]) => value !== undefined),
  ) as JsonSchema;
}
