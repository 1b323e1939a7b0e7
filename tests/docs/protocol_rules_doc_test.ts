import {
  CHANGE_RULES,
  type ChangeRule,
  type RuleName,
} from "../../codegen/change_rules.ts";
import { assertEquals } from "../_helpers/assert.ts";

const PROTOCOL = new URL("../../docs/PROTOCOL.md", import.meta.url);

/** The table's "why" cell: one reason, or one per direction when they differ. */
function whyCell({ why }: ChangeRule): string {
  if (why.client === undefined || why.server === undefined) {
    return (why.client ?? why.server)!;
  }
  return why.client === why.server
    ? why.client
    : `clients send: ${why.client}; server sends: ${why.server}`;
}

Deno.test("docs/PROTOCOL.md's table of evolution rules lists every rule the classifier applies, with its classes and why", async () => {
  const text = await Deno.readTextFile(PROTOCOL);
  const documented = [...text.matchAll(
    /^\| `([A-Z_]+)` +\| (\w*) +\| (\w*) +\| (.+?) +\|$/gm,
  )].map(([, rule, client, server, why]) => [rule, client, server, why]);
  const rules = Object.entries(CHANGE_RULES).map(([rule, classes]) => [
    rule as RuleName,
    classes.client ?? "",
    classes.server ?? "",
    whyCell(classes),
  ]);
  assertEquals(documented, rules);
});

Deno.test("every rule says why for exactly the directions it classes", () => {
  for (const [rule, classes] of Object.entries(CHANGE_RULES)) {
    assertEquals(
      Object.keys(classes.why).sort(),
      (["client", "server"] as const).filter((direction) =>
        classes[direction] !== undefined
      ),
      rule,
    );
  }
});
