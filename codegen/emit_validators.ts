import type { Field, TypeNode } from "./ir.ts";
import { typeExpression } from "./emit_types.ts";
import { camelCase, validatorName } from "./names.ts";
import { simplePatternFunction } from "./emit_string_checks.ts";

/**
 * A part of a JSON path: fixed text, or a JavaScript expression computed at
 * run time with the text that stands for it where no value is at hand
 * (`[*]`, in the names of unknown fields' owners).
 */
type PathPart =
  | { readonly text: string }
  | { readonly code: string; readonly placeholder: string };

/** The function being emitted: the type it checks and the local names it took. */
interface FunctionScope {
  /** Names hoisted helpers (patterns, union variants) and unknown fields' owners. */
  readonly typeName: string;
  readonly used: Set<string>;
}

/** The runtime check (src/wire/string_formats.ts) of each `@format`. */
const FORMAT_CHECKS = {
  email: "isEmail",
  uuid: "isUuid",
  "date-time": "isDateTime",
  uri: "isUri",
} as const;

/** Runtime helpers generated validators import from the client entry point. */
export type ValidatorHelper =
  | "withPathPrefix"
  | "pathSegment"
  | "codePointLength"
  | "type UnknownFieldListener"
  | typeof FORMAT_CHECKS[keyof typeof FORMAT_CHECKS];

/**
 * Emits straight-line validators: one function per type, each a sequence of
 * `if (...) return issue` checks with no schema interpreted at run time.
 * Paths are only built on failure, so a valid message allocates no strings.
 * One emitter serves one generated file, so hoisted regular expressions and
 * helper functions are shared.
 *
 * Every name comes from the schema (`valueRoom` for the field `room`,
 * `matchesRoom` for the pattern of `Room`), never from a counter, so a
 * one-field change to a type changes that type's validator and nothing else.
 *
 * A validator of a type that holds objects takes an optional
 * `unknownField` listener: without it an unknown field is an issue (the
 * server's strict reading); with it the field is reported and skipped (the
 * client's tolerant reading of what a newer server sends).
 */
export class ValidatorEmitter {
  readonly #hoisted: string[] = [];
  /** Hoisted names taken, unique in the file. */
  readonly #hoistedNames = new Set<string>();
  /** Pattern source -> the function or `<name>.test` that checks it. */
  readonly #matchers = new Map<string, string>();
  /** Named type -> whether its validator takes `unknownField`. */
  readonly #tolerant = new Map<string, boolean>();
  #scope: FunctionScope = { typeName: "", used: new Set() };
  /** Runtime helpers the emitted code calls, for the import line. */
  readonly helpers: Set<ValidatorHelper> = new Set();
  readonly #resolve: (name: string) => TypeNode | undefined;

  /** `resolve` finds a named type's definition (for discriminated unions of refs). */
  constructor(resolve: (name: string) => TypeNode | undefined) {
    this.#resolve = resolve;
  }

  /** Emits `validate<typeName>` for a type, with a doc comment. */
  validator(typeName: string, node: TypeNode, exported = true): string {
    return `/** Checks that \`value\` is a {@link ${typeName}}; returns the first issue, or undefined. */\n${
      exported ? "export " : ""
    }${this.#function(validatorName(typeName), typeName, node)}`;
  }

  /** Regular expressions and union-variant helpers the validators use. */
  hoisted(): string {
    return this.#hoisted.join("\n");
  }

  /** A function checking `node`, in a scope of its own. */
  #function(name: string, typeName: string, node: TypeNode): string {
    const outer = this.#scope;
    this.#scope = { typeName, used: new Set(["value", "unknownField"]) };
    // A type that only names another (`message: ChatMessage`) delegates to it.
    const body = node.kind === "ref"
      ? `return ${this.#call(node.name, "value")};`
      : `${this.#check(node, "value", []).join("\n")}\nreturn undefined;`;
    this.#scope = outer;
    const tolerant = /\bunknownField\b/.test(body);
    if (tolerant) this.helpers.add("type UnknownFieldListener");
    return `function ${name}(value: unknown${
      tolerant ? ", unknownField?: UnknownFieldListener" : ""
    }): ValidationIssue | undefined {\n${body}\n}\n`;
  }

  /** A local name for `value`'s `role` (`valueRoomIssue`), unique in the function. */
  #local(value: string, role: string): string {
    const base = value + identifierPart(role);
    let name = base;
    for (let suffix = 2; this.#scope.used.has(name); suffix++) {
      name = `${base}${suffix}`;
    }
    this.#scope.used.add(name);
    return name;
  }

  /** A hoisted name, unique in the file. */
  #hoistedName(base: string): string {
    let name = base;
    for (let suffix = 2; this.#hoistedNames.has(name); suffix++) {
      name = `${base}${suffix}`;
    }
    this.#hoistedNames.add(name);
    return name;
  }

  /** `value`'s place in the scope's type, for hoisted names: `valueMessagesItem` -> `MessagesItem`. */
  #place(value: string): string {
    return this.#scope.typeName + value.replace(/^value/, "");
  }

  /** Calls the validator of a named type, passing `unknownField` when it takes one. */
  #call(name: string, value: string): string {
    return `${validatorName(name)}(${value}${
      this.#takesUnknownField(name) ? ", unknownField" : ""
    })`;
  }

  /** Whether the validator of a named type takes `unknownField`: it holds an object. */
  #takesUnknownField(name: string): boolean {
    const known = this.#tolerant.get(name);
    if (known !== undefined) return known;
    // A recursive type holds an object elsewhere if at all.
    this.#tolerant.set(name, false);
    const holds = (node: TypeNode | undefined): boolean => {
      switch (node?.kind) {
        case "object":
          return true;
        case "array":
          return holds(node.element);
        case "record":
          return holds(node.value);
        case "tuple":
          return node.elements.some(holds);
        case "union":
          return node.variants.some(holds);
        case "ref":
          return this.#takesUnknownField(node.name);
        default:
          return false;
      }
    };
    const result = holds(this.#resolve(name));
    this.#tolerant.set(name, result);
    return result;
  }

  /**
   * Checks of `value` (an expression); `stem` names the locals they declare
   * (`valueRoom` holds `value.room`), `value` itself unless they must differ.
   */
  #check(
    node: TypeNode,
    value: string,
    path: PathPart[],
    stem: string = value,
  ): string[] {
    const fail = (message: string, at: PathPart[] = path) =>
      `return { path: ${renderPath(at)}, message: ${
        JSON.stringify(message)
      } };`;
    switch (node.kind) {
      case "string":
        return this.#string(node.constraints, value, fail);
      case "number":
        return this.#number(node.constraints, value, fail);
      case "boolean":
        return [
          `if (typeof ${value} !== "boolean") ${fail("expected boolean")}`,
        ];
      case "null":
        return [`if (${value} !== null) ${fail("expected null")}`];
      case "literal":
        return [
          `if (${value} !== ${JSON.stringify(node.value)}) ${
            fail(`expected ${JSON.stringify(node.value)}`)
          }`,
        ];
      case "array":
        return this.#array(node, value, path, fail, stem);
      case "tuple":
        return [
          `if (!Array.isArray(${value}) || ${value}.length !== ${node.elements.length}) ${
            fail(`expected an array of ${node.elements.length} items`)
          }`,
          ...node.elements.flatMap((element, index) => {
            const item = this.#local(stem, `item${index}`);
            return [
              `const ${item}: unknown = ${value}[${index}];`,
              ...this.#check(element, item, [...path, { text: `[${index}]` }]),
            ];
          }),
        ];
      case "object":
        return this.#object(node.fields, value, path, fail, stem);
      case "record": {
        const object = this.#local(stem, "object");
        const key = this.#local(stem, "key");
        const item = this.#local(stem, "entry");
        this.helpers.add("pathSegment");
        return [
          `if (typeof ${value} !== "object" || ${value} === null || Array.isArray(${value})) ${
            fail("expected object")
          }`,
          `const ${object} = ${value} as Record<string, unknown>;`,
          `for (const ${key} in ${object}) {`,
          `const ${item}: unknown = ${object}[${key}];`,
          ...this.#check(node.value, item, [...path, {
            code: `pathSegment(${key})`,
            placeholder: "[*]",
          }]),
          "}",
        ];
      }
      case "union":
        return this.#union(node, value, path, fail, stem);
      case "ref": {
        const issue = this.#local(stem, "issue");
        if (path.length > 0) this.helpers.add("withPathPrefix");
        return [
          `const ${issue} = ${this.#call(node.name, value)};`,
          `if (${issue} !== undefined) return ${
            path.length === 0
              ? issue
              : `withPathPrefix(${issue}, ${renderPath(path)})`
          };`,
        ];
      }
    }
  }

  #string(
    c: Extract<TypeNode, { kind: "string" }>["constraints"],
    value: string,
    fail: (m: string) => string,
  ): string[] {
    const lines = [
      `if (typeof ${value} !== "string") ${fail("expected string")}`,
    ];
    // Lengths count code points, as JSON Schema does. A code point takes one
    // or two UTF-16 units, so `length` decides unless the string is within
    // a factor of two of the bound; only then are the code points counted.
    if (c.minLength === 1) {
      lines.push(
        `if (${value}.length < 1) ${
          fail(`expected at least ${countOf(1, "character")}`)
        }`,
      );
    } else if (c.minLength !== undefined && c.minLength > 1) {
      this.helpers.add("codePointLength");
      lines.push(
        `if (${value}.length < ${
          2 * c.minLength
        } && codePointLength(${value}) < ${c.minLength}) ${
          fail(`expected at least ${countOf(c.minLength, "character")}`)
        }`,
      );
    }
    if (c.maxLength !== undefined) {
      this.helpers.add("codePointLength");
      lines.push(
        `if (${value}.length > ${c.maxLength} && codePointLength(${value}) > ${c.maxLength}) ${
          fail(`expected at most ${countOf(c.maxLength, "character")}`)
        }`,
      );
    }
    if (c.pattern !== undefined) {
      lines.push(
        `if (!${this.#matches(c.pattern, value)}) ${
          fail(`expected to match /${c.pattern}/`)
        }`,
      );
    }
    if (c.format !== undefined) {
      const check = FORMAT_CHECKS[c.format];
      this.helpers.add(check);
      lines.push(
        `if (!${check}(${value})) ${fail(`expected format ${c.format}`)}`,
      );
    }
    return lines;
  }

  /** An expression testing `value` against `source`: a loop when simple, else a RegExp. */
  #matches(source: string, value: string): string {
    let name = this.#matchers.get(source);
    if (name === undefined) {
      // Named after the first type that uses it: `matchesRoom`, `roomPattern`.
      const place = this.#place(value);
      if (simplePatternFunction("check", source) !== undefined) {
        name = this.#hoistedName(`matches${place}`);
        this.#hoisted.push(simplePatternFunction(name, source)!);
      } else {
        name = `${this.#pattern(source, place)}.test`;
      }
      this.#matchers.set(source, name);
    }
    return `${name}(${value})`;
  }

  #number(
    c: Extract<TypeNode, { kind: "number" }>["constraints"],
    value: string,
    fail: (m: string) => string,
  ): string[] {
    const lines = [
      `if (typeof ${value} !== "number" || !Number.isFinite(${value})) ${
        fail("expected number")
      }`,
    ];
    if (c.integer) {
      lines.push(
        `if (!Number.isInteger(${value})) ${fail("expected integer")}`,
      );
    }
    if (c.minimum !== undefined) {
      lines.push(
        `if (${value} < ${c.minimum}) ${fail(`expected >= ${c.minimum}`)}`,
      );
    }
    if (c.maximum !== undefined) {
      lines.push(
        `if (${value} > ${c.maximum}) ${fail(`expected <= ${c.maximum}`)}`,
      );
    }
    if (c.exclusiveMinimum !== undefined) {
      lines.push(
        `if (${value} <= ${c.exclusiveMinimum}) ${
          fail(`expected > ${c.exclusiveMinimum}`)
        }`,
      );
    }
    if (c.exclusiveMaximum !== undefined) {
      lines.push(
        `if (${value} >= ${c.exclusiveMaximum}) ${
          fail(`expected < ${c.exclusiveMaximum}`)
        }`,
      );
    }
    return lines;
  }

  #array(
    node: Extract<TypeNode, { kind: "array" }>,
    value: string,
    path: PathPart[],
    fail: (m: string) => string,
    stem: string,
  ): string[] {
    const lines = [`if (!Array.isArray(${value})) ${fail("expected array")}`];
    const { minItems, maxItems } = node.constraints;
    if (minItems !== undefined) {
      lines.push(
        `if (${value}.length < ${minItems}) ${
          fail(`expected at least ${countOf(minItems, "item")}`)
        }`,
      );
    }
    if (maxItems !== undefined) {
      lines.push(
        `if (${value}.length > ${maxItems}) ${
          fail(`expected at most ${countOf(maxItems, "item")}`)
        }`,
      );
    }
    const index = this.#local(stem, "index");
    const item = this.#local(stem, "item");
    lines.push(
      `for (let ${index} = 0; ${index} < ${value}.length; ${index}++) {`,
      `const ${item}: unknown = ${value}[${index}];`,
      ...this.#check(node.element, item, [...path, { text: "[" }, {
        code: index,
        placeholder: "*",
      }, { text: "]" }]),
      "}",
    );
    return lines;
  }

  #object(
    fields: readonly Field[],
    value: string,
    path: PathPart[],
    fail: (m: string, at?: PathPart[]) => string,
    stem: string,
  ): string[] {
    const object = this.#local(stem, "object");
    const key = this.#local(stem, "key");
    this.helpers.add("pathSegment");
    // Strict without a listener (the server); reported and skipped with one.
    const unknownField = `if (unknownField === undefined) return { path: ${
      renderPath([...path, {
        code: `pathSegment(${key})`,
        placeholder: "[*]",
      }])
    }, message: "unknown field" };\nunknownField(${
      JSON.stringify(this.#scope.typeName + staticPath(path))
    }, ${key});`;
    const lines = [
      `if (typeof ${value} !== "object" || ${value} === null || Array.isArray(${value})) ${
        fail("expected object")
      }`,
      `const ${object} = ${value} as Record<string, unknown>;`,
      fields.length === 0
        ? `for (const ${key} in ${object}) {\n${unknownField}\n}`
        : `for (const ${key} in ${object}) {\nswitch (${key}) {\n${
          fields.map((f) => `case ${JSON.stringify(f.name)}:`).join("\n")
        }\nbreak;\ndefault:\n${unknownField}\n}\n}`,
    ];
    for (const field of fields) {
      const fieldValue = this.#local(stem, field.name);
      const fieldPath: PathPart[] = [...path, {
        text: fieldSegment(field.name),
      }];
      lines.push(
        `const ${fieldValue} = ${object}[${JSON.stringify(field.name)}];`,
      );
      const checks = this.#check(field.type, fieldValue, fieldPath);
      if (field.optional) {
        lines.push(`if (${fieldValue} !== undefined) {`, ...checks, "}");
      } else {
        lines.push(
          `if (${fieldValue} === undefined) ${
            fail("missing required field", fieldPath)
          }`,
          ...checks,
        );
      }
    }
    return lines;
  }

  #union(
    node: Extract<TypeNode, { kind: "union" }>,
    value: string,
    path: PathPart[],
    fail: (m: string, at?: PathPart[]) => string,
    stem: string,
  ): string[] {
    const { variants } = node;
    const described = variants.map(typeExpression).join(" | ");
    if (variants.every((v) => v.kind === "literal" || v.kind === "null")) {
      const values = variants.map((
        v,
      ) => (v.kind === "null" ? "null" : JSON.stringify(v.value)));
      return [
        `if (${values.map((v) => `${value} !== ${v}`).join(" && ")}) ${
          fail(`expected one of ${values.join(", ")}`)
        }`,
      ];
    }
    const nonNull = variants.filter((v) => v.kind !== "null");
    if (nonNull.length === 1) {
      return [
        `if (${value} !== null) {`,
        ...this.#check(nonNull[0], value, path, stem),
        "}",
      ];
    }
    if (node.discriminant !== undefined) {
      return this.#discriminated(
        node,
        node.discriminant,
        value,
        path,
        fail,
        stem,
      );
    }
    // Named after their place and position: `matchesShapeVariant1`.
    const place = this.#place(stem);
    const helpers = variants.map((variant, index) => {
      const helper = this.#hoistedName(`matches${place}Variant${index}`);
      const code = this.#function(helper, helper.slice(7), variant);
      this.#hoisted.push(code);
      return /unknownField\?/.test(code)
        ? `${helper}(${value}, unknownField)`
        : `${helper}(${value})`;
    });
    return [
      `if (${helpers.map((call) => `${call} !== undefined`).join(" && ")}) ${
        fail(`expected ${described}`)
      }`,
    ];
  }

  #discriminated(
    node: Extract<TypeNode, { kind: "union" }>,
    discriminant: string,
    value: string,
    path: PathPart[],
    fail: (m: string, at?: PathPart[]) => string,
    stem: string,
  ): string[] {
    const tags = node.variants.map((variant) =>
      this.#discriminantValue(variant, discriminant)
    );
    const lines = [
      `if (typeof ${value} !== "object" || ${value} === null || Array.isArray(${value})) ${
        fail("expected object")
      }`,
      `switch ((${value} as Record<string, unknown>)[${
        JSON.stringify(discriminant)
      }]) {`,
    ];
    node.variants.forEach((variant, index) => {
      lines.push(
        `case ${JSON.stringify(tags[index])}: {`,
        // Locals named after the tag (`valueCircleObject`): adding a
        // variant renames nothing.
        ...this.#check(
          variant,
          value,
          path,
          stem + identifierPart(String(tags[index])),
        ),
        "break;",
        "}",
      );
    });
    lines.push(
      "default:",
      fail(`expected one of ${tags.map((t) => JSON.stringify(t)).join(", ")}`, [
        ...path,
        { text: fieldSegment(discriminant) },
      ]),
      "}",
    );
    return lines;
  }

  #discriminantValue(
    variant: TypeNode,
    discriminant: string,
  ): string | number | boolean {
    // The reader only sets `discriminant` after checking every variant has it.
    const target = variant.kind === "ref"
      ? this.#resolve(variant.name)
      : variant;
    const fields = target?.kind === "object" ? target.fields : [];
    const field = fields.find((f) => f.name === discriminant);
    if (field?.type.kind !== "literal") {
      throw new Error(`internal: no discriminant ${discriminant}`);
    }
    return field.type.value;
  }

  /** A hoisted RegExp named after the place that first uses it: `roomPattern`. */
  #pattern(source: string, place: string): string {
    const name = this.#hoistedName(`${camelCase(place)}Pattern`);
    this.#hoisted.push(
      `const ${name} = new RegExp(${JSON.stringify(source)}, "u");`,
    );
    return name;
  }
}

/** A name part of a field or tag: `content-type` -> `ContentType`, `""` -> `Field`. */
function identifierPart(name: string): string {
  const part = name.split(/[^A-Za-z0-9]+/).filter(Boolean)
    .map((word) => word[0].toUpperCase() + word.slice(1)).join("");
  return part === "" ? "Field" : part;
}

/** A path without run-time parts, for unknown fields' owners: `.members[*]`. */
function staticPath(parts: readonly PathPart[]): string {
  return parts.map((part) => "text" in part ? part.text : part.placeholder)
    .join("");
}

function fieldSegment(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name)
    ? `.${name}`
    : `[${JSON.stringify(name)}]`;
}

/** Renders path parts as one JavaScript string expression. */
function renderPath(parts: readonly PathPart[]): string {
  const merged: PathPart[] = [];
  for (const part of parts) {
    const last = merged[merged.length - 1];
    if ("text" in part && last && "text" in last) {
      merged[merged.length - 1] = { text: last.text + part.text };
    } else merged.push(part);
  }
  if (merged.length === 0) return '""';
  return merged.map((
    part,
  ) => ("text" in part ? JSON.stringify(part.text) : part.code)).join(" + ");
}

/** `1 character`, `2 characters`: the bound as the error message says it. */
function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
