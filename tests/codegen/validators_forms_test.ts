import { validateScalar } from "../_fixtures/protocols/gen/kitchen_sink_protocol.ts";
import { assertEquals } from "../_helpers/assert.ts";
import {
  DELETE,
  everythingIssue,
  replaceAt,
  validPerson,
} from "../_helpers/codegen_kitchen_values.ts";

Deno.test("primitive fields refuse values of another type", () => {
  assertEquals(everythingIssue(["text"], 1), {
    path: ".text",
    message: "expected string",
  });
  assertEquals(everythingIssue(["count"], "1"), {
    path: ".count",
    message: "expected number",
  });
  assertEquals(everythingIssue(["flag"], "true"), {
    path: ".flag",
    message: "expected boolean",
  });
  assertEquals(everythingIssue(["nothing"], 0), {
    path: ".nothing",
    message: "expected null",
  });
});

Deno.test("numbers must be finite", () => {
  for (const number of [NaN, Infinity, -Infinity]) {
    assertEquals(everythingIssue(["matrix", 0, 0], number), {
      path: ".matrix[0][0]",
      message: "expected number",
    });
  }
});

Deno.test("literal types accept exactly their value", () => {
  assertEquals(everythingIssue(["fixedText"], "Fixed"), {
    path: ".fixedText",
    message: 'expected "fixed"',
  });
  assertEquals(everythingIssue(["fixedNumber"], 8), {
    path: ".fixedNumber",
    message: "expected 7",
  });
  assertEquals(everythingIssue(["fixedFlag"], true), {
    path: ".fixedFlag",
    message: "expected false",
  });
  assertEquals(everythingIssue(["fixedFlag"], 0), {
    path: ".fixedFlag",
    message: "expected false",
  });
});

Deno.test("enums accept their member values and nothing else", () => {
  assertEquals(everythingIssue(["colour"], "red"), undefined);
  assertEquals(everythingIssue(["colour"], "Red"), {
    path: ".colour",
    message: 'expected one of "red", "green", "blue"',
  });
  assertEquals(everythingIssue(["priority"], 3), undefined);
  assertEquals(everythingIssue(["priority"], 0), {
    path: ".priority",
    message: "expected one of 1, 2, 3",
  });
  assertEquals(everythingIssue(["priority"], "2"), {
    path: ".priority",
    message: "expected one of 1, 2, 3",
  });
  assertEquals(everythingIssue(["onlyRed"], "green"), {
    path: ".onlyRed",
    message: 'expected "red"',
  });
});

Deno.test("array items are checked one by one, with their index in the path", () => {
  assertEquals(everythingIssue(["handles"], "ada"), {
    path: ".handles",
    message: "expected array",
  });
  assertEquals(everythingIssue(["matrix", 2, 1], "x"), {
    path: ".matrix[2][1]",
    message: "expected number",
  });
  assertEquals(everythingIssue(["more", 0], "X"), {
    path: ".more[0]",
    message: "expected at least 2 characters",
  });
  assertEquals(everythingIssue(["frozen", 1], null), {
    path: ".frozen[1]",
    message: "expected string",
  });
});

Deno.test("tuples need exactly their length and each element's type", () => {
  assertEquals(everythingIssue(["point"], [1]), {
    path: ".point",
    message: "expected an array of 2 items",
  });
  assertEquals(everythingIssue(["point"], [1, 2, 3]), {
    path: ".point",
    message: "expected an array of 2 items",
  });
  assertEquals(everythingIssue(["pair"], [1, "a"]), {
    path: ".pair[0]",
    message: "expected string",
  });
  assertEquals(everythingIssue(["pair", 1], "1"), {
    path: ".pair[1]",
    message: "expected number",
  });
  assertEquals(everythingIssue(["pair"], { 0: "a", 1: 1, length: 2 }), {
    path: ".pair",
    message: "expected an array of 2 items",
  });
});

Deno.test("a discriminated union checks the variant its tag names", () => {
  assertEquals(everythingIssue(["shapes", 1, "width"], -1), {
    path: ".shapes[1].width",
    message: "expected >= 0",
  });
  assertEquals(everythingIssue(["shapes", 2, "at", 1], "4"), {
    path: ".shapes[2].at[1]",
    message: "expected number",
  });
  assertEquals(
    everythingIssue(["shapes", 0], { kind: "circle", width: 1, height: 1 }),
    {
      path: ".shapes[0].width",
      message: "unknown field",
    },
  );
});

Deno.test("a discriminated union refuses an unknown or missing tag at the tag's path", () => {
  assertEquals(everythingIssue(["shapes", 0, "kind"], "triangle"), {
    path: ".shapes[0].kind",
    message: 'expected one of "circle", "rect", "point"',
  });
  assertEquals(everythingIssue(["shapes", 0, "kind"], DELETE), {
    path: ".shapes[0].kind",
    message: 'expected one of "circle", "rect", "point"',
  });
  assertEquals(everythingIssue(["shapes", 0], "circle"), {
    path: ".shapes[0]",
    message: "expected object",
  });
});

Deno.test("a union of literals accepts each member and refuses anything else", () => {
  for (const mood of ["happy", "sad", 42, true, null]) {
    assertEquals(everythingIssue(["mood"], mood), undefined, String(mood));
  }
  for (const mood of ["angry", false, 41, "42"]) {
    assertEquals(everythingIssue(["mood"], mood), {
      path: ".mood",
      message: 'expected one of "happy", "sad", 42, true, null',
    }, String(mood));
  }
});

Deno.test("a general union accepts a value of any variant and names them all otherwise", () => {
  for (const scalar of ["s", 1, false, [1, 2]]) {
    assertEquals(validateScalar(scalar), undefined, JSON.stringify(scalar));
  }
  for (const scalar of [null, [1], [1, "2"], {}]) {
    assertEquals(everythingIssue(["scalar"], scalar), {
      path: ".scalar",
      message: "expected string | number | boolean | Point",
    }, JSON.stringify(scalar));
  }
});

Deno.test("records accept any keys and check every value, quoting odd keys in the path", () => {
  assertEquals(everythingIssue(["scores"], {}), undefined);
  assertEquals(everythingIssue(["scores", "x"], "1"), {
    path: ".scores.x",
    message: "expected number",
  });
  assertEquals(everythingIssue(["scores", "bob smith"], null), {
    path: '.scores["bob smith"]',
    message: "expected number",
  });
  assertEquals(everythingIssue(["meta", "labels", ""], 1), {
    path: '.meta.labels[""]',
    message: "expected string",
  });
  assertEquals(
    everythingIssue(["people", "a b"], replaceAt(validPerson(), ["age"], -1)),
    {
      path: '.people["a b"].age',
      message: "expected >= 0",
    },
  );
  assertEquals(everythingIssue(["scores"], [1]), {
    path: ".scores",
    message: "expected object",
  });
});
