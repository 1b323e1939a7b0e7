import type {
  ArrayConstraints,
  NumberConstraints,
  StringConstraints,
  StringFormat,
} from "./ir.ts";
import { CodegenError, CodegenErrorCode } from "./codegen_error.ts";

const STRING_TAGS = ["minLength", "maxLength", "pattern", "format"] as const;
const NUMBER_TAGS = [
  "integer",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
] as const;
const ARRAY_TAGS = ["minItems", "maxItems"] as const;
const MESSAGE_TAGS = ["replay", "forgets"] as const;
/** Every tag the generator acts on, in the order error messages list them. */
export const GENERATOR_TAGS: ReadonlySet<string> = new Set([
  ...STRING_TAGS,
  ...NUMBER_TAGS,
  ...ARRAY_TAGS,
  ...MESSAGE_TAGS,
]);
/** Ordinary documentation tags, kept out of the constraints and ignored. */
export const DOC_TAGS: ReadonlySet<string> = new Set([
  "deprecated",
  "example",
  "see",
  "since",
  "remarks",
  "default",
  "module",
  "internal",
  "experimental",
  "link",
  "description",
]);
const FORMATS: readonly StringFormat[] = ["email", "uuid", "date-time", "uri"];

/** True when `tags` holds at least one of the type constraint tags. */
export function hasTypeConstraints(tags: ReadonlyMap<string, string>): boolean {
  for (const name of tags.keys()) {
    if (!(MESSAGE_TAGS as readonly string[]).includes(name)) return true;
  }
  return false;
}

/** Which kinds of type a tag applies to, for error messages and merging. */
export function tagTarget(
  name: string,
): "string" | "number" | "array" | "message" {
  if ((STRING_TAGS as readonly string[]).includes(name)) return "string";
  if ((NUMBER_TAGS as readonly string[]).includes(name)) return "number";
  if ((ARRAY_TAGS as readonly string[]).includes(name)) return "array";
  return "message";
}

/** Builds string constraints from the string tags in `tags`. */
export function stringConstraints(
  tags: ReadonlyMap<string, string>,
  location: string,
  base: StringConstraints = {},
): StringConstraints {
  const result: {
    -readonly [K in keyof StringConstraints]: StringConstraints[K];
  } = { ...base };
  const minLength = tags.get("minLength");
  if (minLength !== undefined) {
    result.minLength = nonNegativeInteger("minLength", minLength, location);
  }
  const maxLength = tags.get("maxLength");
  if (maxLength !== undefined) {
    result.maxLength = nonNegativeInteger("maxLength", maxLength, location);
  }
  const pattern = tags.get("pattern");
  if (pattern !== undefined) {
    try {
      new RegExp(pattern, "u");
    } catch (error) {
      throw new CodegenError(
        CodegenErrorCode.BadTag,
        location,
        `@pattern ${pattern} is not a valid regular expression (${
          (error as Error).message
        })`,
        "write a JavaScript regular expression without slashes",
      );
    }
    result.pattern = pattern;
  }
  const format = tags.get("format");
  if (format !== undefined) {
    if (!(FORMATS as readonly string[]).includes(format)) {
      throw new CodegenError(
        CodegenErrorCode.BadTag,
        location,
        `@format ${format} is not supported`,
        `use one of ${FORMATS.join(", ")}, or @pattern`,
      );
    }
    result.format = format as StringFormat;
  }
  return result;
}

/** Builds number constraints from the number tags in `tags`. */
export function numberConstraints(
  tags: ReadonlyMap<string, string>,
  location: string,
  base: NumberConstraints = {},
): NumberConstraints {
  const result: {
    -readonly [K in keyof NumberConstraints]: NumberConstraints[K];
  } = { ...base };
  const integer = tags.get("integer");
  if (integer !== undefined) {
    if (integer !== "" && integer !== "true") {
      throw badValue("integer", integer, location, "write @integer alone");
    }
    result.integer = true;
  }
  for (
    const name of [
      "minimum",
      "maximum",
      "exclusiveMinimum",
      "exclusiveMaximum",
    ] as const
  ) {
    const raw = tags.get(name);
    if (raw !== undefined) result[name] = finiteNumber(name, raw, location);
  }
  return result;
}

/** Builds array constraints from the array tags in `tags`. */
export function arrayConstraints(
  tags: ReadonlyMap<string, string>,
  location: string,
  base: ArrayConstraints = {},
): ArrayConstraints {
  const result: {
    -readonly [K in keyof ArrayConstraints]: ArrayConstraints[K];
  } = { ...base };
  const minItems = tags.get("minItems");
  if (minItems !== undefined) {
    result.minItems = nonNegativeInteger("minItems", minItems, location);
  }
  const maxItems = tags.get("maxItems");
  if (maxItems !== undefined) {
    result.maxItems = nonNegativeInteger("maxItems", maxItems, location);
  }
  return result;
}

function nonNegativeInteger(
  name: string,
  raw: string,
  location: string,
): number {
  const value = Number(raw);
  if (raw === "" || !Number.isSafeInteger(value) || value < 0) {
    throw badValue(
      name,
      raw,
      location,
      `write @${name} followed by a whole number >= 0`,
    );
  }
  return value;
}

function finiteNumber(name: string, raw: string, location: string): number {
  const value = Number(raw);
  if (raw === "" || !Number.isFinite(value)) {
    throw badValue(name, raw, location, `write @${name} followed by a number`);
  }
  return value;
}

function badValue(
  name: string,
  raw: string,
  location: string,
  fix: string,
): CodegenError {
  return new CodegenError(
    CodegenErrorCode.BadTag,
    location,
    `@${name} has the invalid value "${raw}"`,
    fix,
  );
}
