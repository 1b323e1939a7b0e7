import fc from "fast-check";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { generate } from "../../codegen/generate.ts";
import type { Validator } from "@wiretype/wiretype/client";
import { assert, assertEquals } from "../_helpers/assert.ts";
import { DEFINE_IMPORT } from "../_helpers/codegen_errors.ts";
import { withTempDir, writeFiles } from "../_helpers/codegen_run.ts";

/** Patterns the emitter turns into character-code loops. */
const LOOP_PATTERNS = [
  "^[a-z0-9-]{1,32}$",
  "^[a-z][a-z0-9_]*$",
  "^[A-Z]{2}[0-9]{2,4}$",
  String.raw`^\d{3}-\d{4}$`,
  String.raw`^[\w.-]+$`,
  String.raw`^[+*\/]+$`,
  String.raw`^[a-c\]]{2}$`,
  "^x?$",
  "^$",
];
/** Patterns that need a regular expression (backtracking, groups, negation, no anchors). */
const REGEX_PATTERNS = [
  "^[a-z]*[a-z]$",
  "^(ab|cd)+$",
  "^[^a]+$",
  "abc",
  "^a.c$",
];
const ALL_PATTERNS = [...LOOP_PATTERNS, ...REGEX_PATTERNS];

const CHARACTERS = [..."abcdxyzAZ09_-.+*/] é", "😀"];
const candidate = fc.oneof(
  fc.string({ unit: fc.constantFrom(...CHARACTERS), maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 6 }),
  ...ALL_PATTERNS.map((pattern) => fc.stringMatching(new RegExp(pattern, "u"))),
);

/** Generates a protocol with one `@pattern` field per pattern and imports its validator. */
async function generatedPatterns<T>(
  body: (validate: Validator, generated: string) => T,
): Promise<T> {
  return await withTempDir(async (dir) => {
    const fields = ALL_PATTERNS.map((pattern, index) =>
      `    /** @pattern ${pattern} */\n    p${index}: string;`
    ).join("\n");
    await writeFiles(dir, {
      "protocol/patterns.ts": `${DEFINE_IMPORT}
export interface Patterns extends Protocol<"/patterns"> {
  client: Record<string, never>;
  server: {
    all: {
${fields}
    };
  };
}
`,
    });
    await generate({ inputDir: "protocol", cwd: dir });
    const file = join(dir, "protocol", "gen", "patterns_protocol.ts");
    const module = await import(pathToFileURL(file).href);
    return body(
      module.validatePatternsAllEvent as Validator,
      await Deno.readTextFile(file),
    );
  });
}

Deno.test("a @pattern field accepts exactly the strings its regular expression matches", async () => {
  await generatedPatterns((validate) => {
    // Every other field holds a matching string, so only the field under test can fail.
    const matching = Object.fromEntries(ALL_PATTERNS.map((pattern, index) => [
      `p${index}`,
      fc.sample(fc.stringMatching(new RegExp(pattern, "u")), {
        numRuns: 1,
        seed: index,
      })[0],
    ]));
    ALL_PATTERNS.forEach((pattern, index) => {
      const regex = new RegExp(pattern, "u");
      fc.assert(
        fc.property(candidate, (text) => {
          const issue = validate({ ...matching, [`p${index}`]: text });
          assertEquals(
            issue === undefined,
            regex.test(text),
            `/${pattern}/ on ${JSON.stringify(text)}: ${issue?.message}`,
          );
          if (issue) {
            assertEquals(issue, {
              path: `.p${index}`,
              message: `expected to match /${pattern}/`,
            });
          }
        }),
        { numRuns: 300 },
      );
    });
  });
});

Deno.test("simple anchored patterns become loops and the others stay regular expressions", async () => {
  await generatedPatterns((_, generated) => {
    for (const pattern of LOOP_PATTERNS) {
      assert(
        generated.includes(
          `/** Equivalent to \`/${pattern}/u.test(value)\`, as a loop. */`,
        ),
        pattern,
      );
    }
    for (const pattern of REGEX_PATTERNS) {
      assert(
        generated.includes(`new RegExp(${JSON.stringify(pattern)}, "u")`),
        pattern,
      );
    }
  });
});
