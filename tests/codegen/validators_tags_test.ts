import {
  validateKitchenSinkLookupRequest,
  validatePerson,
  validateTickerTickEvent,
} from "../_fixtures/protocols/gen/kitchen_sink_protocol.ts";
import { assertEquals } from "../_helpers/assert.ts";
import {
  everythingIssue,
  replaceAt,
  validPerson,
} from "../_helpers/codegen_kitchen_values.ts";

const UUID = "7d444840-9dc0-11d1-b245-5ffdce74fad2";

Deno.test("@minLength refuses a shorter string and accepts one at the bound", () => {
  assertEquals(everythingIssue(["text"], ""), {
    path: ".text",
    message: "expected at least 1 character",
  });
  assertEquals(everythingIssue(["text"], "a"), undefined);
});

Deno.test("@maxLength refuses a longer string and accepts one at the bound", () => {
  assertEquals(everythingIssue(["text"], "x".repeat(11)), {
    path: ".text",
    message: "expected at most 10 characters",
  });
  assertEquals(everythingIssue(["text"], "x".repeat(10)), undefined);
});

Deno.test("@minLength and @maxLength count code points, so an emoji is one character as in JSON Schema", () => {
  assertEquals(everythingIssue(["text"], "😀".repeat(10)), undefined);
  assertEquals(everythingIssue(["text"], "😀".repeat(11)), {
    path: ".text",
    message: "expected at most 10 characters",
  });
  assertEquals(everythingIssue(["person", "handle"], "😀"), {
    path: ".person.handle",
    message: "expected at least 2 characters",
  });
});

Deno.test("@maxLength on a nullable string applies to the string and lets null through", () => {
  assertEquals(everythingIssue(["nullable"], "123456"), {
    path: ".nullable",
    message: "expected at most 5 characters",
  });
  assertEquals(everythingIssue(["nullable"], null), undefined);
});

Deno.test("@pattern refuses a string that does not match, at the array item's path", () => {
  assertEquals(everythingIssue(["handles", 1], "Grace"), {
    path: ".handles[1]",
    message: "expected to match /^[a-z][a-z0-9_]*$/",
  });
  assertEquals(everythingIssue(["handles", 1], "grace_2"), undefined);
});

Deno.test("tags on a field add to the tags of the alias it references", () => {
  // shortHandle: Handle with @maxLength 8; Handle has @minLength 2 and @pattern.
  assertEquals(everythingIssue(["shortHandle"], "abcdefghi"), {
    path: ".shortHandle",
    message: "expected at most 8 characters",
  });
  assertEquals(everythingIssue(["shortHandle"], "a"), {
    path: ".shortHandle",
    message: "expected at least 2 characters",
  });
  assertEquals(everythingIssue(["shortHandle"], "Abc"), {
    path: ".shortHandle",
    message: "expected to match /^[a-z][a-z0-9_]*$/",
  });
});

Deno.test("@format email accepts addresses and refuses strings that are not", () => {
  for (
    const email of ["a.b+c@sub.example.co", "x@a-b.io", "o'neil@example.org"]
  ) {
    assertEquals(everythingIssue(["meta", "email"], email), undefined, email);
  }
  for (
    const email of [
      "no-at-sign",
      "a@b",
      "a b@example.org",
      "a@-x.org",
      "@example.org",
      "a@example..org",
      "a..b@example.org",
      "ä@example.org",
    ]
  ) {
    assertEquals(everythingIssue(["meta", "email"], email), {
      path: ".meta.email",
      message: "expected format email",
    }, email);
  }
});

Deno.test("@format uuid accepts either case and refuses malformed ids", () => {
  assertEquals(
    everythingIssue(["meta", "uuid"], UUID.toUpperCase()),
    undefined,
  );
  for (
    const uuid of [
      UUID.slice(0, -1),
      UUID.replace("-", "x"),
      `{${UUID}}`,
      `${UUID} `,
    ]
  ) {
    assertEquals(everythingIssue(["meta", "uuid"], uuid), {
      path: ".meta.uuid",
      message: "expected format uuid",
    }, uuid);
  }
});

Deno.test("@format date-time accepts RFC 3339 timestamps and refuses other dates", () => {
  for (
    const dateTime of [
      "2024-05-01T12:30:00Z",
      "2024-05-01T12:30:00.123456+05:30",
      "2024-05-01t12:30:00z",
      "2024-02-29T23:59:59-08:00",
    ]
  ) {
    assertEquals(
      everythingIssue(["meta", "dateTime"], dateTime),
      undefined,
      dateTime,
    );
  }
  for (
    const dateTime of [
      "2024-05-01",
      "2024-05-01T12:30Z",
      "2024-13-01T00:00:00Z",
      "2024-05-01T24:00:01Z",
      "2023-02-29T00:00:00Z",
      "yesterday",
      "2024-05-01T12:30:00",
    ]
  ) {
    assertEquals(everythingIssue(["meta", "dateTime"], dateTime), {
      path: ".meta.dateTime",
      message: "expected format date-time",
    }, dateTime);
  }
});

Deno.test("@format uri accepts RFC 3986 absolute URIs and refuses relative, spaced or badly escaped ones", () => {
  for (
    const uri of [
      "https://example.org/a?b=1#c",
      "urn:isbn:0451450523",
      "mailto:ada@example.org",
    ]
  ) {
    assertEquals(everythingIssue(["meta", "uri"], uri), undefined, uri);
  }
  for (
    const uri of [
      "example.org/no-scheme",
      "https://exa mple.org",
      "1http://x",
      "",
      "https://example.org/%zz",
      "https://example.org/é",
      "http://[::1/",
    ]
  ) {
    assertEquals(everythingIssue(["meta", "uri"], uri), {
      path: ".meta.uri",
      message: "expected format uri",
    }, uri);
  }
});

Deno.test("@minimum refuses a smaller number and accepts the bound", () => {
  assertEquals(everythingIssue(["count"], -6), {
    path: ".count",
    message: "expected >= -5",
  });
  assertEquals(everythingIssue(["count"], -5), undefined);
});

Deno.test("@maximum refuses a larger number and accepts the bound", () => {
  assertEquals(everythingIssue(["count"], 6), {
    path: ".count",
    message: "expected <= 5",
  });
  assertEquals(everythingIssue(["count"], 5), undefined);
});

Deno.test("@exclusiveMinimum refuses the bound itself and accepts anything above", () => {
  assertEquals(everythingIssue(["ratio"], 0), {
    path: ".ratio",
    message: "expected > 0",
  });
  assertEquals(everythingIssue(["ratio"], Number.MIN_VALUE), undefined);
  assertEquals(everythingIssue(["shapes", 0, "radius"], 0), {
    path: ".shapes[0].radius",
    message: "expected > 0",
  });
});

Deno.test("@exclusiveMaximum refuses the bound itself and accepts anything below", () => {
  assertEquals(everythingIssue(["ratio"], 1), {
    path: ".ratio",
    message: "expected < 1",
  });
  assertEquals(everythingIssue(["ratio"], 0.9999999), undefined);
});

Deno.test("@integer refuses fractions, also through an optional nullable alias", () => {
  assertEquals(everythingIssue(["count"], 1.5), {
    path: ".count",
    message: "expected integer",
  });
  assertEquals(everythingIssue(["optionalNullable"], 20.5), {
    path: ".optionalNullable",
    message: "expected integer",
  });
  assertEquals(everythingIssue(["optionalNullable"], 20), undefined);
});

Deno.test("@minItems refuses a shorter array and accepts the bound", () => {
  assertEquals(everythingIssue(["handles"], []), {
    path: ".handles",
    message: "expected at least 1 item",
  });
  assertEquals(everythingIssue(["handles"], ["ada"]), undefined);
  assertEquals(validateKitchenSinkLookupRequest({ ids: [] }), {
    path: ".ids",
    message: "expected at least 1 item",
  });
});

Deno.test("@maxItems refuses a longer array and accepts the bound", () => {
  assertEquals(everythingIssue(["handles"], ["a1", "b2", "c3", "d4"]), {
    path: ".handles",
    message: "expected at most 3 items",
  });
  assertEquals(everythingIssue(["handles"], ["a1", "b2", "c3"]), undefined);
  assertEquals(everythingIssue(["matrix"], [[], [], [], [], []]), {
    path: ".matrix",
    message: "expected at most 4 items",
  });
  assertEquals(
    validateKitchenSinkLookupRequest({ ids: Array(11).fill(UUID) }),
    {
      path: ".ids",
      message: "expected at most 10 items",
    },
  );
});

Deno.test("tags on aliases hold wherever the alias is used", () => {
  assertEquals(validatePerson(replaceAt(validPerson(), ["age"], 151)), {
    path: ".age",
    message: "expected <= 150",
  });
  assertEquals(validatePerson(replaceAt(validPerson(), ["email"], "ada")), {
    path: ".email",
    message: "expected format email",
  });
  assertEquals(everythingIssue(["people", "ada", "createdAt"], "now"), {
    path: ".people.ada.createdAt",
    message: "expected format date-time",
  });
});

Deno.test("tags in a second protocol of the same file are checked too", () => {
  assertEquals(validateTickerTickEvent({ sequence: 0 }), undefined);
  assertEquals(validateTickerTickEvent({ sequence: -1 }), {
    path: ".sequence",
    message: "expected >= 0",
  });
});
