/**
 * Every place in a valid value where a boundary can be probed, for the
 * differential test: each leaf with `edges`, each array at one item short
 * of, at, and one past its bounds, each tuple one item short and long.
 * Unlike `mutations`, the results may be valid or not.
 *
 * @module
 */
import fc from "fast-check";
import { type Schema, validValue } from "./codegen_arbitraries.ts";
import type { ValuePath } from "./codegen_kitchen_values.ts";

/** A replacement at one place of a value. */
export interface EdgeCase {
  /** A leaf's edges, an array's item counts, or a tuple's wrong lengths (always refused). */
  readonly kind: "leaf" | "items" | "tuple";
  readonly at: ValuePath;
  readonly replacement: fc.Arbitrary<unknown>;
}

/**
 * The edge cases of `value` (valid for `schema`).
 *
 * @example
 * ```ts
 * import { edgeCases } from "./codegen_edge_cases.ts";
 * import { everythingSchema } from "./codegen_kitchen_schema.ts";
 * import { validEverything } from "./codegen_kitchen_values.ts";
 * const cases = edgeCases(everythingSchema, validEverything());
 * cases.map((edge) => edge.at.join(".")); // ["text", "count", ...]
 * ```
 */
export function edgeCases(
  schema: Schema,
  value: unknown,
  at: ValuePath = [],
): EdgeCase[] {
  switch (schema.kind) {
    case "leaf":
      return schema.edges
        ? [{ kind: "leaf", at, replacement: schema.edges }]
        : [];
    case "array": {
      const { minItems, maxItems } = schema;
      const lengths = [
        ...(minItems === undefined ? [] : [minItems - 1, minItems]),
        ...(maxItems === undefined ? [] : [maxItems, maxItems + 1]),
      ].filter((length) => length >= 0);
      const found: EdgeCase[] = lengths.length === 0 ? [] : [{
        kind: "items",
        at,
        replacement: fc.constantFrom(...lengths).chain((length) =>
          fc.array(validValue(schema.element), {
            minLength: length,
            maxLength: length,
          })
        ),
      }];
      (value as unknown[]).forEach((item, index) =>
        found.push(...edgeCases(schema.element, item, [...at, index]))
      );
      return found;
    }
    case "tuple": {
      const items = value as unknown[];
      const last = schema.elements[schema.elements.length - 1];
      return [
        { kind: "tuple", at, replacement: fc.constant(items.slice(0, -1)) },
        {
          kind: "tuple",
          at,
          replacement: validValue(last).map((extra) => [...items, extra]),
        },
        ...schema.elements.flatMap((element, index) =>
          edgeCases(element, items[index], [...at, index])
        ),
      ];
    }
    case "object":
      return Object.entries(schema.fields).flatMap(([name, field]) =>
        name in (value as Record<string, unknown>)
          ? edgeCases(
            field.schema,
            (value as Record<string, unknown>)[name],
            [...at, name],
          )
          : []
      );
    case "record":
      return Object.entries(value as Record<string, unknown>).flatMap((
        [key, item],
      ) => edgeCases(schema.value, item, [...at, key]));
    case "tagged": {
      const tag = (value as Record<string, string>)[schema.tag];
      return edgeCases(schema.variants[tag], value, at);
    }
    case "nullable":
      return value === null ? [] : edgeCases(schema.inner, value, at);
  }
}
