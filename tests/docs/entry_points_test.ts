/**
 * Every entry point of the package (deno.json "exports") is documented and
 * checked as JSR shows it: a `@module` doc with an example, and a place in
 * `deno task doc-lint`. A new subpath that forgets either fails here.
 *
 * @module
 */
import { assert } from "../_helpers/assert.ts";

const REPO = new URL("../../", import.meta.url);
const config = JSON.parse(
  await Deno.readTextFile(new URL("deno.json", REPO)),
) as { exports: Record<string, string>; tasks: Record<string, string> };

Deno.test("deno task doc-lint lints every entry point of deno.json's exports", () => {
  const linted = config.tasks["doc-lint"].split(/\s+/);
  for (const [subpath, file] of Object.entries(config.exports)) {
    assert(
      linted.includes(file.replace(/^\.\//, "")),
      `doc-lint does not lint ${file} (exports "${subpath}"): add it to the task`,
    );
  }
});

Deno.test("every entry point has a @module doc with an example", async () => {
  for (const [subpath, file] of Object.entries(config.exports)) {
    const text = await Deno.readTextFile(new URL(file, REPO));
    const moduleDoc = text.match(/\/\*\*([\s\S]*?)\*\//g)?.find((doc) =>
      doc.includes("@module")
    );
    assert(
      moduleDoc !== undefined,
      `${file} ("${subpath}") has no @module doc`,
    );
    assert(
      /@example|```ts/.test(moduleDoc),
      `${file} ("${subpath}")'s @module doc has no example`,
    );
  }
});
