import { CHANGE_RULES, type RuleName } from "../../codegen/change_rules.ts";
import { assertEquals } from "../_helpers/assert.ts";

const PROTOCOL = new URL("../../docs/PROTOCOL.md", import.meta.url);

Deno.test("docs/PROTOCOL.md's table of evolution rules lists every rule the classifier applies, with its classes and why", async () => {
  const text = await Deno.readTextFile(PROTOCOL);
  const documented = [...text.matchAll(
    /^\| `([A-Z_]+)` +\| (\w*) +\| (\w*) +\| (.+?) +\|$/gm,
  )].map(([, rule, client, server, why]) => [rule, client, server, why]);
  const rules = Object.entries(CHANGE_RULES).map(([rule, classes]) => [
    rule as RuleName,
    classes.client ?? "",
    classes.server ?? "",
    classes.why,
  ]);
  assertEquals(documented, rules);
});
