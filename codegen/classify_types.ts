/**
 * Compares an old and a new type, structurally (named types are followed, so
 * renaming an alias is no change), and reports each difference with its rule.
 *
 * @module
 */
import type { Direction, RuleName } from "./change_rules.ts";
import type { ProtocolSchema, SchemaField, SchemaType } from "./schema.ts";

/** Where a comparison stands: what the data is, where in it, and the nearest declaration. */
export interface Place {
  readonly direction: Direction;
  /** What the data belongs to: `message "say"`, `RPC "history" answer`. */
  readonly subject: string;
  /** JSON path inside the data: `$.messages[*].text`. */
  readonly path: string;
  /** `file:line:column` of the nearest declaration in the new source. */
  readonly location: string;
}

/** One difference found: its rule, place and what changed. */
export interface TypeDifference {
  readonly rule: RuleName;
  readonly place: Place;
  /** What changed, e.g. `optional field "mood" added`. */
  readonly detail: string;
}

const LOWER_BOUNDS = [
  "minLength",
  "minimum",
  "exclusiveMinimum",
  "minItems",
] as const;
const UPPER_BOUNDS = [
  "maxLength",
  "maximum",
  "exclusiveMaximum",
  "maxItems",
] as const;
const EXACT = ["pattern", "format", "integer"] as const;

/**
 * Compares types of two schemas. One comparer serves one pair of schemas; a
 * named type met again inside itself (recursion) is not compared again.
 */
export class TypeComparer {
  readonly #old: ProtocolSchema;
  readonly #new: ProtocolSchema;
  readonly #report: (difference: TypeDifference) => void;
  /** The pairs of named types being compared, outermost first. */
  readonly #descent = new Set<string>();

  constructor(
    oldSchema: ProtocolSchema,
    newSchema: ProtocolSchema,
    report: (difference: TypeDifference) => void,
  ) {
    this.#old = oldSchema;
    this.#new = newSchema;
    this.#report = report;
  }

  /** Reports every difference between `oldType` and `newType` at `place`. */
  compare(oldType: SchemaType, newType: SchemaType, place: Place): void {
    // A recursive type meets itself again inside: compared once per descent.
    const key = oldType.kind === "ref" || newType.kind === "ref"
      ? `${describe(oldType)}|${describe(newType)}`
      : undefined;
    if (key !== undefined) {
      if (this.#descent.has(key)) return;
      this.#descent.add(key);
    }
    const before = this.#deref(oldType, this.#old);
    const after = this.#deref(newType, this.#new);
    const at = { ...place, location: after.location ?? place.location };
    this.#compareResolved(before.type, after.type, at);
    if (key !== undefined) this.#descent.delete(key);
  }

  #compareResolved(before: SchemaType, after: SchemaType, place: Place): void {
    if (before.kind === "union" || after.kind === "union") {
      this.#union(before, after, place);
      return;
    }
    if (before.kind !== after.kind) {
      this.#union(before, after, place);
      return;
    }
    switch (before.kind) {
      case "string":
      case "number":
        this.#constraints(before, after, place);
        return;
      case "literal":
        if (before.value !== (after as typeof before).value) {
          this.#changed("TYPE_CHANGED", before, after, place);
        }
        return;
      case "array": {
        const next = after as typeof before;
        this.#constraints(before, next, place);
        this.compare(before.element, next.element, inside(place, "[*]"));
        return;
      }
      case "tuple": {
        const next = after as typeof before;
        if (before.elements.length !== next.elements.length) {
          this.#changed("TYPE_CHANGED", before, after, place);
          return;
        }
        before.elements.forEach((element, index) =>
          this.compare(
            element,
            next.elements[index],
            inside(place, `[${index}]`),
          )
        );
        return;
      }
      case "record":
        this.compare(
          before.value,
          (after as typeof before).value,
          inside(place, "[*]"),
        );
        return;
      case "object":
        this.#object(before.fields, (after as typeof before).fields, place);
        return;
      default:
        return;
    }
  }

  #object(
    before: readonly SchemaField[],
    after: readonly SchemaField[],
    place: Place,
  ): void {
    const newFields = new Map(after.map((field) => [field.name, field]));
    const oldNames = new Set(before.map((field) => field.name));
    for (const field of before) {
      const next = newFields.get(field.name);
      const fieldPlace = inside(place, fieldSegment(field.name));
      if (next === undefined) {
        this.#report({
          rule: field.optional
            ? "FIELD_REMOVED_OPTIONAL"
            : "FIELD_REMOVED_REQUIRED",
          place,
          detail: `${
            field.optional ? "optional" : "required"
          } field "${field.name}" removed`,
        });
        continue;
      }
      const at = { ...fieldPlace, location: next.at ?? place.location };
      if (!field.optional && next.optional) {
        this.#report({
          rule: "FIELD_MADE_OPTIONAL",
          place: at,
          detail: `field "${field.name}" made optional`,
        });
      } else if (field.optional && !next.optional) {
        this.#report({
          rule: "FIELD_MADE_REQUIRED",
          place: at,
          detail: `field "${field.name}" made required`,
        });
      }
      this.compare(field.type, next.type, at);
    }
    for (const field of after) {
      if (oldNames.has(field.name)) continue;
      this.#report({
        rule: field.optional ? "FIELD_ADDED_OPTIONAL" : "FIELD_ADDED_REQUIRED",
        place: { ...place, location: field.at ?? place.location },
        detail: `${
          field.optional ? "optional" : "required"
        } field "${field.name}" added`,
      });
    }
  }

  /** Unions (or types of different kinds, as unions of one): variants paired by what they are. */
  #union(before: SchemaType, after: SchemaType, place: Place): void {
    const oldVariants = this.#variants(before, this.#old);
    const newVariants = this.#variants(after, this.#new);
    const only = (
      from: Map<string, SchemaType>,
      not: Map<string, SchemaType>,
    ) => [...from].filter(([key]) => !not.has(key));
    const oldOnly = only(oldVariants, newVariants);
    const newOnly = only(newVariants, oldVariants);
    const shared = [...oldVariants].filter(([key]) => newVariants.has(key));
    // `"a"` -> `string` widens and `string` -> `"a" | "b"` narrows: a
    // literal meets its base type on the other side, which the side lacked.
    const widened = oldOnly.some(([, v]) => baseOf(v, newOnly) !== undefined);
    const narrowed = newOnly.some(([, v]) => baseOf(v, oldOnly) !== undefined);
    if (shared.length === 0 && !widened && !narrowed) {
      this.#changed("TYPE_CHANGED", before, after, place);
      return;
    }
    if (widened) this.#changed("TYPE_WIDENED", before, after, place);
    if (narrowed) this.#changed("TYPE_NARROWED", before, after, place);
    const variantPath = oldVariants.size > 1 || newVariants.size > 1;
    for (const [key, variant] of shared) {
      this.compare(
        variant,
        newVariants.get(key)!,
        variantPath && key.startsWith("object:")
          ? inside(place, `(${key.slice(7)})`)
          : place,
      );
    }
    const report = (
      [key, variant]: [string, SchemaType],
      otherSide: [string, SchemaType][],
      otherAll: Map<string, SchemaType>,
      change: "ADDED" | "REMOVED",
    ) => {
      // A literal the other side's base type covers, or a base type whose
      // literals the other side lists: a widening or narrowing, or nothing.
      if (baseOf(variant, [...otherAll]) !== undefined) return;
      if (otherSide.some(([, other]) => baseOf(other, [[key, variant]]))) {
        return;
      }
      this.#report({
        rule: `${isValue(variant) ? "LITERAL" : "VARIANT"}_${change}`,
        place,
        detail: `${describe(variant)} ${change.toLowerCase()}: ${
          describe(before)
        } -> ${describe(after)}`,
      });
    };
    for (const entry of oldOnly) report(entry, newOnly, newVariants, "REMOVED");
    for (const entry of newOnly) report(entry, oldOnly, oldVariants, "ADDED");
  }

  /** The variants of a type by a key that pairs old and new ones: `literal:"a"`, `object:kind="circle"`, `string`. */
  #variants(type: SchemaType, schema: ProtocolSchema): Map<string, SchemaType> {
    const variants = type.kind === "union" ? type.variants : [type];
    const discriminant = type.kind === "union" ? type.discriminant : undefined;
    const keyed = new Map<string, SchemaType>();
    const counts = new Map<string, number>();
    for (const variant of variants) {
      const resolved = this.#deref(variant, schema).type;
      let key: string;
      if (resolved.kind === "literal") {
        key = `literal:${JSON.stringify(resolved.value)}`;
      } else if (resolved.kind === "tuple") {
        key = `tuple:${resolved.elements.length}`;
      } else if (resolved.kind === "object" && discriminant !== undefined) {
        const tag = resolved.fields.find((field) =>
          field.name === discriminant
        );
        key = `object:${discriminant}=${
          tag?.type.kind === "literal" ? JSON.stringify(tag.type.value) : "?"
        }`;
      } else {
        const count = counts.get(resolved.kind) ?? 0;
        counts.set(resolved.kind, count + 1);
        key = count === 0 ? resolved.kind : `${resolved.kind}#${count}`;
      }
      // Objects keep their reference: comparing it follows it with its location.
      keyed.set(
        key,
        resolved.kind === "object" || resolved.kind === "array" ||
          resolved.kind === "record" || resolved.kind === "tuple"
          ? variant
          : resolved,
      );
    }
    return keyed;
  }

  #constraints(
    before: Record<string, unknown>,
    after: Record<string, unknown>,
    place: Place,
  ): void {
    const report = (rule: RuleName, detail: string) =>
      this.#report({ rule, place, detail });
    const bound = (name: string) =>
      `@${name} ${before[name] ?? "(none)"} -> ${after[name] ?? "(none)"}`;
    for (const name of LOWER_BOUNDS) {
      const [was, now] = [before[name], after[name]] as (number | undefined)[];
      if (was === now) continue;
      const tighter = now !== undefined && (was === undefined || now > was);
      report(
        tighter ? "CONSTRAINT_TIGHTENED" : "CONSTRAINT_LOOSENED",
        bound(name),
      );
    }
    for (const name of UPPER_BOUNDS) {
      const [was, now] = [before[name], after[name]] as (number | undefined)[];
      if (was === now) continue;
      const tighter = now !== undefined && (was === undefined || now < was);
      report(
        tighter ? "CONSTRAINT_TIGHTENED" : "CONSTRAINT_LOOSENED",
        bound(name),
      );
    }
    for (const name of EXACT) {
      const [was, now] = [before[name], after[name]];
      if (was === now) continue;
      report(
        was === undefined
          ? "CONSTRAINT_TIGHTENED"
          : now === undefined
          ? "CONSTRAINT_LOOSENED"
          : "CONSTRAINT_CHANGED",
        name === "integer"
          ? `@integer ${was === undefined ? "added" : "removed"}`
          : bound(name),
      );
    }
  }

  #changed(
    rule: RuleName,
    before: SchemaType,
    after: SchemaType,
    place: Place,
  ): void {
    this.#report({
      rule,
      place,
      detail: `${describe(before)} -> ${describe(after)}`,
    });
  }

  /** Follows references to the type they name, with the location of the last one. */
  #deref(
    type: SchemaType,
    schema: ProtocolSchema,
  ): { type: SchemaType; location?: string } {
    let location: string | undefined;
    const seen = new Set<string>();
    while (type.kind === "ref" && !seen.has(type.name)) {
      seen.add(type.name);
      const named = schema.types[type.name];
      if (named === undefined) break;
      location = named.at ?? location;
      type = named.type;
    }
    return { type, location };
  }
}

/** For a literal, the variant among `candidates` of its base type (`string` for `"a"`). */
function baseOf(
  variant: SchemaType,
  candidates: readonly [string, SchemaType][],
): SchemaType | undefined {
  if (variant.kind !== "literal") return undefined;
  const base: string = typeof variant.value;
  return candidates.find(([key]) => key === base)?.[1];
}

function isValue(type: SchemaType): boolean {
  return type.kind === "literal" || type.kind === "null";
}

function inside(place: Place, segment: string): Place {
  return { ...place, path: place.path + segment };
}

function fieldSegment(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name)
    ? `.${name}`
    : `[${JSON.stringify(name)}]`;
}

/**
 * A short TypeScript-like rendering of a type for reports: `string`,
 * `"a" | "b"`, `ChatMessage`, `{ room, text? }`.
 *
 * @example Usage
 * ```ts
 * import { describe } from "./classify_types.ts";
 *
 * describe({ kind: "array", element: { kind: "string" } }); // "string[]"
 * ```
 */
export function describe(type: SchemaType): string {
  switch (type.kind) {
    case "literal":
      return JSON.stringify(type.value);
    case "ref":
      return type.name;
    case "array":
      return `${
        type.element.kind === "union"
          ? `(${describe(type.element)})`
          : describe(type.element)
      }[]`;
    case "tuple":
      return `[${type.elements.map(describe).join(", ")}]`;
    case "object":
      return type.fields.length === 0
        ? "{}"
        : `{ ${
          type.fields.map((field) =>
            `${field.name}${field.optional ? "?" : ""}`
          )
            .join(", ")
        } }`;
    case "record":
      return `Record<string, ${describe(type.value)}>`;
    case "union":
      return type.variants.map(describe).join(" | ");
    default:
      return type.kind;
  }
}
