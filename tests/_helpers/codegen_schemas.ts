/**
 * Short builders of normalised protocol schemas (codegen/schema.ts) for the
 * change classifier's tests: `object({ room: string(), "mood?": string() })`.
 *
 * @module
 */
import type {
  ProtocolSchema,
  SchemaField,
  SchemaMessage,
  SchemaType,
} from "../../codegen/schema.ts";

/** `string`, with constraints. */
export function string(
  constraints: Omit<Extract<SchemaType, { kind: "string" }>, "kind"> = {},
): SchemaType {
  return { kind: "string", ...constraints };
}

/** `number`, with constraints. */
export function number(
  constraints: Omit<Extract<SchemaType, { kind: "number" }>, "kind"> = {},
): SchemaType {
  return { kind: "number", ...constraints };
}

/** A literal type. */
export function literal(value: string | number | boolean): SchemaType {
  return { kind: "literal", value };
}

/** `null`. */
export const NULL: SchemaType = { kind: "null" };

/** `T[]`, with constraints. */
export function array(
  element: SchemaType,
  constraints: { minItems?: number; maxItems?: number } = {},
): SchemaType {
  return { kind: "array", element, ...constraints };
}

/** A union; `discriminant` names the tag field of a union of objects. */
export function union(
  variants: SchemaType[],
  discriminant?: string,
): SchemaType {
  return discriminant === undefined
    ? { kind: "union", variants }
    : { kind: "union", variants, discriminant };
}

/** A reference to a named type of the schema. */
export function ref(name: string): SchemaType {
  return { kind: "ref", name };
}

/** An object; a name ending in `?` is an optional field. Fields are located at `at:<name>`. */
export function object(fields: Record<string, SchemaType>): SchemaType {
  return {
    kind: "object",
    fields: Object.entries(fields).map(([key, type]): SchemaField => {
      const name = key.replace(/\?$/, "");
      return {
        name,
        type,
        at: `at:${name}`,
        ...(key.endsWith("?") ? { optional: true as const } : {}),
      };
    }),
  };
}

/** The parts of a schema a test sets; messages are located at `at:<name>`. */
export interface SchemaParts {
  readonly path?: string;
  readonly client?: Record<string, SchemaType | SchemaMessage>;
  readonly rpcs?: Record<string, [SchemaType, SchemaType]>;
  readonly server?: Record<string, SchemaType>;
  readonly types?: Record<string, SchemaType>;
}

/**
 * A protocol schema with every part located (`at:<name>`, `at:client`...).
 *
 * @example
 * ```ts
 * const before = schema({ client: { say: object({ text: string() }) } });
 * ```
 */
export function schema(parts: SchemaParts): ProtocolSchema {
  const message = (name: string, value: SchemaType | SchemaMessage) =>
    "data" in value
      ? { ...value, at: `at:${name}` }
      : { data: value, at: `at:${name}` };
  return {
    path: parts.path ?? "/test",
    client: Object.fromEntries(
      Object.entries(parts.client ?? {}).map((
        [name, value],
      ) => [name, message(name, value)]),
    ),
    rpcs: Object.fromEntries(
      Object.entries(parts.rpcs ?? {}).map((
        [name, [request, response]],
      ) => [name, { request, response, at: `at:${name}` }]),
    ),
    server: Object.fromEntries(
      Object.entries(parts.server ?? {}).map((
        [name, data],
      ) => [name, message(name, data)]),
    ),
    types: Object.fromEntries(
      Object.entries(parts.types ?? {}).map((
        [name, type],
      ) => [name, { type, at: `at:${name}` }]),
    ),
    at: { protocol: "at:protocol", client: "at:client", server: "at:server" },
  };
}
