import {
  validateEverything,
  validateKitchenSinkLookupResponse,
  validateKitchenSinkPokeMessage,
} from "../_fixtures/protocols/gen/kitchen_sink_protocol.ts";
import { validateChatHistoryResponse } from "../../protocol/gen/chat_protocol.ts";
import { rootIssue } from "@wiretype/wiretype/codegen-runtime";
import { assertEquals } from "../_helpers/assert.ts";
import {
  DELETE,
  everythingIssue,
  replaceAt,
  validEverything,
  validPerson,
} from "../_helpers/codegen_kitchen_values.ts";

Deno.test("a value using every type form passes, also after a JSON round trip", () => {
  assertEquals(validateEverything(validEverything()), undefined);
  const wire = JSON.parse(JSON.stringify(validEverything()));
  assertEquals(validateEverything(wire), undefined);
});

Deno.test("optional fields may be left out", () => {
  let value = validEverything() as unknown;
  for (
    const path of [["maybe"], ["optionalNullable"], ["person", "age"], [
      "person",
      "nickname",
    ]]
  ) {
    value = replaceAt(value, path, DELETE);
  }
  assertEquals(validateEverything(value), undefined);
});

Deno.test("a missing required field is reported at its path", () => {
  assertEquals(everythingIssue(["text"], DELETE), {
    path: ".text",
    message: "missing required field",
  });
  assertEquals(everythingIssue(["person", "handle"], DELETE), {
    path: ".person.handle",
    message: "missing required field",
  });
  assertEquals(everythingIssue(["meta", "uri"], DELETE), {
    path: ".meta.uri",
    message: "missing required field",
  });
  assertEquals(everythingIssue(["quoted-key"], DELETE), {
    path: '["quoted-key"]',
    message: "missing required field",
  });
});

Deno.test("a nullable field is still required", () => {
  assertEquals(everythingIssue(["nullable"], DELETE), {
    path: ".nullable",
    message: "missing required field",
  });
  assertEquals(everythingIssue(["person", "homepage"], null), undefined);
});

Deno.test("an optional field that is present must have its type; null is not absent", () => {
  assertEquals(everythingIssue(["maybe"], null), {
    path: ".maybe",
    message: "expected string",
  });
  assertEquals(everythingIssue(["optionalNullable"], null), undefined);
  assertEquals(everythingIssue(["optionalNullable"], 151), {
    path: ".optionalNullable",
    message: "expected <= 150",
  });
});

Deno.test("unknown fields are refused at every level, with their own path", () => {
  assertEquals(everythingIssue(["extra"], 1), {
    path: ".extra",
    message: "unknown field",
  });
  assertEquals(everythingIssue(["person", "role"], "admin"), {
    path: ".person.role",
    message: "unknown field",
  });
  assertEquals(everythingIssue(["meta", "odd key"], 1), {
    path: '.meta["odd key"]',
    message: "unknown field",
  });
  assertEquals(everythingIssue(["shapes", 2, "radius"], 1), {
    path: ".shapes[2].radius",
    message: "unknown field",
  });
});

Deno.test("a message without fields accepts only an empty object", () => {
  assertEquals(validateKitchenSinkPokeMessage({}), undefined);
  assertEquals(validateKitchenSinkPokeMessage({ a: 1 }), {
    path: ".a",
    message: "unknown field",
  });
  assertEquals(validateKitchenSinkPokeMessage(JSON.parse('{"__proto__":{}}')), {
    path: ".__proto__",
    message: "unknown field",
  });
  assertEquals(validateKitchenSinkPokeMessage([]), {
    path: "",
    message: "expected object",
  });
});

Deno.test("the message itself must be an object", () => {
  for (const value of [null, [], "text", 1, true, undefined]) {
    assertEquals(validateEverything(value), {
      path: "",
      message: "expected object",
    }, String(value));
  }
});

Deno.test("interfaces and aliases from another file are checked where they are used", () => {
  assertEquals(everythingIssue(["person", "colour"], "pink"), {
    path: ".person.colour",
    message: 'expected one of "red", "green", "blue"',
  });
  assertEquals(everythingIssue(["people", "ada", "homepage"], "not a uri"), {
    path: ".people.ada.homepage",
    message: "expected format uri",
  });
});

Deno.test("fields inherited with extends are required and checked", () => {
  assertEquals(everythingIssue(["person", "id"], DELETE), {
    path: ".person.id",
    message: "missing required field",
  });
  assertEquals(everythingIssue(["person", "id"], "42"), {
    path: ".person.id",
    message: "expected format uuid",
  });
});

Deno.test("the first problem in declaration order is the one reported", () => {
  const value = replaceAt(replaceAt(validEverything(), ["count"], "x"), [
    "text",
  ], 1);
  assertEquals(validateEverything(value), {
    path: ".text",
    message: "expected string",
  });
});

Deno.test("RPC answers are validated like messages", () => {
  assertEquals(
    validateKitchenSinkLookupResponse({
      people: { x: validPerson() },
      missing: [],
    }),
    undefined,
  );
  assertEquals(
    validateKitchenSinkLookupResponse({ people: {}, missing: ["nope"] }),
    {
      path: ".missing[0]",
      message: "expected format uuid",
    },
  );
});

Deno.test("a nested issue becomes a $-rooted JSON path such as $.messages[2].text", () => {
  const message = (text: unknown) => ({
    id: "7d444840-9dc0-11d1-b245-5ffdce74fad2",
    room: "general",
    user: "ada",
    text,
    sentAt: "2024-05-01T12:30:00Z",
  });
  const answer = { messages: [message("a"), message("b"), message(7)] };
  const issue = validateChatHistoryResponse(answer);
  assertEquals(issue && rootIssue(issue), {
    path: "$.messages[2].text",
    message: "expected string",
  });
});
