import type { TypeNode } from "./ir.ts";

/**
 * Finds the field that tells the variants of a union of objects apart: a
 * required field whose type is a distinct literal in every variant (`kind`,
 * `type`). Returns undefined when there is none, and the validator then tries
 * the variants in turn.
 */
export function findDiscriminant(
  variants: readonly TypeNode[],
  resolve: (name: string) => TypeNode | undefined,
): string | undefined {
  const objects = variants.map((variant) => objectOf(variant, resolve));
  if (objects.length < 2 || objects.some((object) => object === undefined)) {
    return undefined;
  }
  const [first, ...rest] = objects as { fields: FieldLike[] }[];
  for (const candidate of first.fields) {
    const values = objects.map((object) =>
      literalOf(object!.fields.find((field) => field.name === candidate.name))
    );
    if (values.some((value) => value === undefined)) continue;
    if (new Set(values).size === values.length && rest.length > 0) {
      return candidate.name;
    }
  }
  return undefined;
}

interface FieldLike {
  readonly name: string;
  readonly type: TypeNode;
  readonly optional: boolean;
}

function objectOf(
  node: TypeNode,
  resolve: (name: string) => TypeNode | undefined,
): { fields: readonly FieldLike[] } | undefined {
  const target = node.kind === "ref" ? resolve(node.name) : node;
  return target?.kind === "object" ? target : undefined;
}

function literalOf(field: FieldLike | undefined): string | number | undefined {
  if (field === undefined || field.optional || field.type.kind !== "literal") {
    return undefined;
  }
  const value = field.type.value;
  return typeof value === "boolean" ? undefined : value;
}
