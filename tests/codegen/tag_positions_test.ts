import type { Validator } from "@wiretype/wiretype/client";
import { CodegenErrorCode } from "../../codegen/codegen_error.ts";
import { assert, assertEquals, assertNotEquals } from "../_helpers/assert.ts";
import {
  DEFINE_IMPORT,
  generationError,
  locate,
} from "../_helpers/codegen_errors.ts";
import { generateAndImport } from "../_helpers/codegen_run.ts";

/** A protocol `Tags` at `/tags` with the given client members and declarations. */
function tagsProtocol(clientMembers: string, before = ""): string {
  return `${DEFINE_IMPORT}${before}
export interface Tags extends Protocol<"/tags"> {
  client: {
    ${clientMembers}
  };
  server: { done: { ok: boolean } };
}
`;
}

async function validator(source: string, name: string): Promise<Validator> {
  const { exports } = await generateAndImport("tags", source);
  const found = exports[name];
  assert(typeof found === "function", `no ${name} was generated`);
  return found as Validator;
}

function versionOf(files: ReadonlyMap<string, string>): string {
  const match = /version: "([0-9a-f]+)"/.exec(files.get("tags_protocol.ts")!);
  assert(match, "no version in the generated file");
  return match[1];
}

Deno.test("a tag on the same line as its field, after the previous field, is enforced", async () => {
  const validate = await validator(
    tagsProtocol(
      "say: { room: string; /** @minLength 1 @maxLength 5 */ text: string };",
    ),
    "validateTagsSayMessage",
  );
  assertEquals(validate({ room: "a", text: "" }), {
    path: ".text",
    message: "expected at least 1 character",
  });
  assertEquals(validate({ room: "a", text: "123456" }), {
    path: ".text",
    message: "expected at most 5 characters",
  });
  assertEquals(validate({ room: "a", text: "12345" }), undefined);
});

Deno.test("a tag on the same line generates the same code and version as the tag on its own line", async () => {
  const sameLine = await generateAndImport(
    "tags",
    tagsProtocol("say: { room: string; /** @maxLength 5 */ text: string };"),
  );
  const ownLine = await generateAndImport(
    "tags",
    tagsProtocol(
      "say: {\n      room: string;\n      /** @maxLength 5 */\n      text: string;\n    };",
    ),
  );
  const untagged = await generateAndImport(
    "tags",
    tagsProtocol("say: { room: string; text: string };"),
  );
  assertEquals(sameLine.files, ownLine.files);
  assertNotEquals(versionOf(sameLine.files), versionOf(untagged.files));
});

Deno.test("a tag right after the opening brace of an inline object is enforced", async () => {
  const validate = await validator(
    tagsProtocol("say: { /** @maxLength 3 */ text: string };"),
    "validateTagsSayMessage",
  );
  assertEquals(validate({ text: "1234" }), {
    path: ".text",
    message: "expected at most 3 characters",
  });
});

Deno.test("a tag on the same line as an interface member is enforced", async () => {
  const validate = await validator(
    tagsProtocol(
      "bid: Bid;",
      "export interface Bid { item: string; /** @integer @minimum 1 */ amount: number }\n",
    ),
    "validateBid",
  );
  assertEquals(validate({ item: "vase", amount: 0 }), {
    path: ".amount",
    message: "expected >= 1",
  });
  assertEquals(validate({ item: "vase", amount: 1.5 }), {
    path: ".amount",
    message: "expected integer",
  });
});

Deno.test("tags on type aliases are enforced, also on the line of the previous declaration", async () => {
  const { exports } = await generateAndImport(
    "tags",
    tagsProtocol(
      "say: { item: Item; note: Note };",
      "/** @pattern ^[a-z]+$ */\nexport type Item = string; /** @maxLength 3 */ export type Note = string;\n",
    ),
  );
  const validateItem = exports.validateItem as Validator;
  const validateNote = exports.validateNote as Validator;
  assertEquals(validateItem("Vase"), {
    path: "",
    message: "expected to match /^[a-z]+$/",
  });
  assertEquals(validateNote("1234"), {
    path: "",
    message: "expected at most 3 characters",
  });
});

Deno.test("tags in the inline request and answer types of an Rpc are enforced", async () => {
  const source = tagsProtocol(
    "bid: Rpc<{ item: string; /** @integer @minimum 1 */ amount: number }, { /** @minLength 1 */ receipt: string }>;",
  );
  const { exports } = await generateAndImport("tags", source);
  const validateRequest = exports.validateTagsBidRequest as Validator;
  const validateAnswer = exports.validateTagsBidResponse as Validator;
  assertEquals(validateRequest({ item: "vase", amount: 0 }), {
    path: ".amount",
    message: "expected >= 1",
  });
  assertEquals(validateAnswer({ receipt: "" }), {
    path: ".receipt",
    message: "expected at least 1 character",
  });
});

Deno.test("a tag on the same line as a message applies to the message's data", async () => {
  const validate = await validator(
    tagsProtocol("ping_me: { at: number }; /** @maxLength 3 */ shout: string;"),
    "validateTagsShoutMessage",
  );
  assertEquals(validate("1234"), {
    path: "",
    message: "expected at most 3 characters",
  });
});

Deno.test("a misspelled tag on the same line as its field is an error at the tag's file:line:column", async () => {
  const source = tagsProtocol(
    "say: { room: string; /** @maxLenght 5 */ text: string };",
  );
  const { error } = await generationError({ "protocol/tags.ts": source });
  assertEquals(error.code, CodegenErrorCode.BadTag);
  assertEquals(
    error.location,
    `protocol/tags.ts:${locate(source, "@maxLenght")}`,
  );
  assert(error.message.includes("unknown JSDoc tag @maxLenght"));
});

Deno.test("an unknown tag in a comment that documents nothing is an error at the tag", async () => {
  const source = tagsProtocol(
    "say: { note: Note };",
    "export type Note = /** @maxLenght 3 */ string;\n",
  );
  const { error } = await generationError({ "protocol/tags.ts": source });
  assertEquals(
    error.message,
    `protocol/tags.ts:${
      locate(source, "@maxLenght")
    }: unknown JSDoc tag @maxLenght. Fix: use one of @minLength, @maxLength, @pattern, @format, @integer, @minimum, @maximum, @exclusiveMinimum, @exclusiveMaximum, @minItems, @maxItems, @replay, @forgets`,
  );
});

Deno.test("a constraint tag that is in front of nothing is an error saying it checks nothing", async () => {
  const source = tagsProtocol("say: { text: string /** @maxLength 3 */ };");
  const { error } = await generationError({ "protocol/tags.ts": source });
  assertEquals(
    error.message,
    `protocol/tags.ts:${
      locate(source, "@maxLength")
    }: @maxLength is not in front of a field, message or type alias, so it checks nothing. Fix: move the comment right before what it constrains, e.g. \`/** @maxLength 20 */ text: string\``,
  );
});
