import type { Field, TypeNode } from "./ir.ts";
import { typeExpression } from "./emit_types.ts";
import { validatorName } from "./names.ts";
import { simplePatternFunction } from "./emit_string_checks.ts";

/** A part of a JSON path: fixed text, or a JavaScript expression computed at run time. */
type PathPart = { readonly text: string } | { readonly code: string };

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
  | typeof FORMAT_CHECKS[keyof typeof FORMAT_CHECKS];

/**
 * Emits straight-line validators: one function per type, each a sequence of
 * `if (...) return issue` checks with no schema interpreted at run time.
 * Paths are only built on failure, so a valid message allocates no strings.
 * One emitter serves one generated file, so hoisted regular expressions and
 * helper functions are shared and numbered deterministically.
 */
export class ValidatorEmitter {
  #counter = 0;
  readonly #hoisted: string[] = [];
  readonly #patterns = new Map<string, string>();
  /** Pattern source -> the function or `PATTERN_n.test` that checks it. */
  readonly #matchers = new Map<string, string>();
  /** Runtime helpers the emitted code calls, for the import line. */
  readonly helpers: Set<ValidatorHelper> = new Set();
  readonly #resolve: (name: string) => TypeNode | undefined;

  /** `resolve` finds a named type's definition (for discriminated unions of refs). */
  constructor(resolve: (name: string) => TypeNode | undefined) {
    this.#resolve = resolve;
  }

  /** Emits `validate<typeName>` for a type, with a doc comment. */
  validator(typeName: string, node: TypeNode, exported = true): string {
    // A type that only names another (`message: ChatMessage`) delegates to it.
    const body = node.kind === "ref"
      ? `return ${validatorName(node.name)}(value);`
      : `${this.#check(node, "value", []).join("\n")}\nreturn undefined;`;
    return `/** Checks that \`value\` is a {@link ${typeName}}; returns the first issue, or undefined. */\n${
      exported ? "export " : ""
    }function ${
      validatorName(typeName)
    }(value: unknown): ValidationIssue | undefined {\n${body}\n}\n`;
  }

  /** Regular expressions and union-variant helpers the validators use. */
  hoisted(): string {
    return this.#hoisted.join("\n");
  }

  #next(prefix: string): string {
    return `${prefix}${this.#counter++}`;
  }

  #check(node: TypeNode, value: string, path: PathPart[]): string[] {
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
        return this.#array(node, value, path, fail);
      case "tuple":
        return [
          `if (!Array.isArray(${value}) || ${value}.length !== ${node.elements.length}) ${
            fail(`expected an array of ${node.elements.length} items`)
          }`,
          ...node.elements.flatMap((element, index) => {
            const item = this.#next("item");
            return [
              `const ${item}: unknown = ${value}[${index}];`,
              ...this.#check(element, item, [...path, { text: `[${index}]` }]),
            ];
          }),
        ];
      case "object":
        return this.#object(node.fields, value, path, fail);
      case "record": {
        const object = this.#next("object");
        const key = this.#next("key");
        const item = this.#next("item");
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
          }]),
          "}",
        ];
      }
      case "union":
        return this.#union(node, value, path, fail);
      case "ref": {
        const issue = this.#next("issue");
        if (path.length > 0) this.helpers.add("withPathPrefix");
        return [
          `const ${issue} = ${validatorName(node.name)}(${value});`,
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
        `if (${value}.length < 1) ${fail("expected at least 1 characters")}`,
      );
    } else if (c.minLength !== undefined && c.minLength > 1) {
      this.helpers.add("codePointLength");
      lines.push(
        `if (${value}.length < ${
          2 * c.minLength
        } && codePointLength(${value}) < ${c.minLength}) ${
          fail(`expected at least ${c.minLength} characters`)
        }`,
      );
    }
    if (c.maxLength !== undefined) {
      this.helpers.add("codePointLength");
      lines.push(
        `if (${value}.length > ${c.maxLength} && codePointLength(${value}) > ${c.maxLength}) ${
          fail(`expected at most ${c.maxLength} characters`)
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
      const candidate = `matchesPattern${this.#matchers.size}`;
      const loop = simplePatternFunction(candidate, source);
      if (loop !== undefined) this.#hoisted.push(loop);
      name = loop === undefined ? `${this.#pattern(source)}.test` : candidate;
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
  ): string[] {
    const lines = [`if (!Array.isArray(${value})) ${fail("expected array")}`];
    const { minItems, maxItems } = node.constraints;
    if (minItems !== undefined) {
      lines.push(
        `if (${value}.length < ${minItems}) ${
          fail(`expected at least ${minItems} items`)
        }`,
      );
    }
    if (maxItems !== undefined) {
      lines.push(
        `if (${value}.length > ${maxItems}) ${
          fail(`expected at most ${maxItems} items`)
        }`,
      );
    }
    const index = this.#next("index");
    const item = this.#next("item");
    lines.push(
      `for (let ${index} = 0; ${index} < ${value}.length; ${index}++) {`,
      `const ${item}: unknown = ${value}[${index}];`,
      ...this.#check(node.element, item, [...path, { text: "[" }, {
        code: index,
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
  ): string[] {
    const object = this.#next("object");
    const key = this.#next("key");
    this.helpers.add("pathSegment");
    const unknownField = `return { path: ${
      renderPath([...path, { code: `pathSegment(${key})` }])
    }, message: "unknown field" };`;
    const lines = [
      `if (typeof ${value} !== "object" || ${value} === null || Array.isArray(${value})) ${
        fail("expected object")
      }`,
      `const ${object} = ${value} as Record<string, unknown>;`,
      fields.length === 0
        ? `for (const ${key} in ${object}) ${unknownField}`
        : `for (const ${key} in ${object}) {\nswitch (${key}) {\n${
          fields.map((f) => `case ${JSON.stringify(f.name)}:`).join("\n")
        }\nbreak;\ndefault:\n${unknownField}\n}\n}`,
    ];
    for (const field of fields) {
      const fieldValue = this.#next("field");
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
        ...this.#check(nonNull[0], value, path),
        "}",
      ];
    }
    if (node.discriminant !== undefined) {
      return this.#discriminated(node, node.discriminant, value, path, fail);
    }
    const helpers = variants.map((variant) => {
      const helper = this.#next("matchesVariant");
      this.#hoisted.push(
        `function ${helper}(value: unknown): ValidationIssue | undefined {\n${
          this.#check(variant, "value", []).join("\n")
        }\nreturn undefined;\n}\n`,
      );
      return helper;
    });
    return [
      `if (${
        helpers.map((h) => `${h}(${value}) !== undefined`).join(" && ")
      }) ${fail(`expected ${described}`)}`,
    ];
  }

  #discriminated(
    node: Extract<TypeNode, { kind: "union" }>,
    discriminant: string,
    value: string,
    path: PathPart[],
    fail: (m: string, at?: PathPart[]) => string,
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
        ...this.#check(variant, value, path),
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

  #pattern(source: string): string {
    const existing = this.#patterns.get(source);
    if (existing) return existing;
    const name = `PATTERN_${this.#patterns.size}`;
    this.#patterns.set(source, name);
    this.#hoisted.push(
      `const ${name} = new RegExp(${JSON.stringify(source)}, "u");`,
    );
    return name;
  }
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
