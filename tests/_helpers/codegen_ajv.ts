/**
 * Loads a generated `<file>_schema.json` into ajv (strict mode, with
 * ajv-formats' full formats), as another language's validator would use
 * it, for the differential tests.
 *
 * @module
 */
import { Ajv } from "ajv";
import addFormats from "ajv-formats";

/** One definition of the file, compiled: true when ajv accepts `value`. */
export type AjvCheck = ((value: unknown) => boolean) & {
  /** ajv's errors of the last refusal, as JSON, for failure messages. */
  readonly lastErrors: () => string;
};

/**
 * Compiles the definitions of the JSON Schema file at `path`; returns a
 * function that checks a value against one of them by name.
 *
 * @example
 * ```ts
 * import { loadSchemaFile } from "./codegen_ajv.ts";
 * const checker = await loadSchemaFile("tests/_fixtures/protocols/gen/kitchen_sink_schema.json");
 * checker("Person")({ id: "x" }); // false
 * ```
 */
export async function loadSchemaFile(
  path: string,
): Promise<(definition: string) => AjvCheck> {
  const document = JSON.parse(await Deno.readTextFile(path));
  const ajv = new Ajv({ strict: true });
  addFormats.default(ajv);
  ajv.addSchema(document, "file");
  return (definition) => {
    const validate = ajv.getSchema(`file#/definitions/${definition}`);
    if (validate === undefined) {
      throw new Error(`${path} defines no ${definition}`);
    }
    const check = (value: unknown) => validate(value) as boolean;
    return Object.assign(check, {
      lastErrors: () => JSON.stringify(validate.errors),
    });
  };
}
