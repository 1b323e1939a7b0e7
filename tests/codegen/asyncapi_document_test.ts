import { Parser } from "@asyncapi/parser";
import { join } from "node:path";
import { assert, assertEquals } from "../_helpers/assert.ts";
import { readGeneratedFiles, REPO_ROOT } from "../_helpers/codegen_run.ts";
import { ReservedType } from "../../src/wire/envelope.ts";
import { CloseCode } from "../../src/wire/close_codes.ts";
import { ErrorCode } from "../../src/wire/protocol_error.ts";

/** Every checked-in gen/ folder. */
const GEN_DIRS = ["protocol", "tests/_fixtures/protocols", "bench/protocol"]
  .map((dir) => join(REPO_ROOT, dir, "gen"));

/** The severities of @asyncapi/parser's diagnostics (Spectral's). */
const ERROR = 0, WARNING = 1;

async function asyncApiDocuments(): Promise<Map<string, string>> {
  const documents = new Map<string, string>();
  for (const dir of GEN_DIRS) {
    for (const [name, text] of await readGeneratedFiles(dir)) {
      if (name.endsWith("_asyncapi.json")) documents.set(name, text);
    }
  }
  return documents;
}

// deno-lint-ignore no-explicit-any
type Json = any;

async function chatDocument(): Promise<Json> {
  return JSON.parse(
    await Deno.readTextFile(
      join(REPO_ROOT, "protocol", "gen", "chat_asyncapi.json"),
    ),
  );
}

Deno.test("the official AsyncAPI parser accepts every generated document with no error and no warning", async () => {
  const documents = await asyncApiDocuments();
  assertEquals(documents.size, 5);
  const parser = new Parser();
  for (const [name, text] of documents) {
    const { document, diagnostics } = await parser.parse(text);
    const problems = diagnostics.filter((d) =>
      d.severity === ERROR || d.severity === WARNING
    );
    assertEquals(
      problems.map((d) => `${d.path.join(".")}: ${d.message}`),
      [],
      name,
    );
    assert(document !== undefined, `${name} did not parse`);
    assertEquals(document.info().version().length > 0, true);
  }
});

Deno.test("the parser refuses a document whose operation sends a message its channel does not have, so its approval means something", async () => {
  const chat = await chatDocument();
  delete chat.channels.chat.messages["client.say"];
  const { document, diagnostics } = await new Parser().parse(
    JSON.stringify(chat),
  );
  assertEquals(document, undefined);
  assert(diagnostics.some((d) => d.severity === ERROR));
});

Deno.test("every reserved frame type of the wire has a message in the document", async () => {
  const chat = await chatDocument();
  const names = Object.values(chat.components.messages).map((
    message: Json,
  ) => message.name);
  assertEquals(
    [...new Set(names)].sort(),
    [...Object.values(ReservedType)].sort(),
  );
});

Deno.test("an RPC is an operation the server receives, whose reply is the answer or an error with the same id", async () => {
  const chat = await chatDocument();
  const history = chat.operations["chat.receive.history"];
  assertEquals(history.action, "receive");
  assertEquals(history.messages, [{
    $ref: "#/channels/chat/messages/request.history",
  }]);
  assertEquals(history.reply.messages, [
    { $ref: "#/channels/chat/messages/reply.history" },
    { $ref: "#/channels/chat/messages/server.error" },
  ]);
  const request = chat.channels.chat.messages["request.history"];
  assertEquals(request.correlationId, {
    $ref: "#/components/correlationIds/requestId",
  });
  assertEquals(
    chat.components.correlationIds.requestId.location,
    "$message.payload#/id",
  );
  assertEquals(chat.operations["chat.send.message"].action, "send");
  assertEquals(chat.operations["chat.receive.say"].action, "receive");
});

Deno.test("the channel's WebSocket binding names the ticket query parameter and the version subprotocol", async () => {
  const chat = await chatDocument();
  assertEquals(chat.channels.chat.address, "/chat");
  const binding = chat.channels.chat.bindings.ws;
  assertEquals(binding.method, "GET");
  assertEquals(binding.query.properties.ticket.type, "string");
  assertEquals(
    binding.headers.properties["Sec-WebSocket-Protocol"].examples,
    [`wiretype.${chat.channels.chat["x-wiretype-version"]}`],
  );
});

Deno.test("every close code and error code of the runtime is documented", async () => {
  const chat = await chatDocument();
  assertEquals(
    chat["x-wiretype-close-codes"].map((c: Json) => c.code),
    Object.values(CloseCode).sort((a, b) => a - b),
  );
  const codes = chat.components.schemas.WiretypeErrorCode.anyOf
    .filter((s: Json) => "const" in s).map((s: Json) => s.const);
  assertEquals(codes, Object.values(ErrorCode));
  for (const code of [...Object.values(CloseCode), ...codes]) {
    assert(
      chat.info.description.includes(`| ${code} |`) ||
        chat.info.description.includes(`| \`${code}\` |`),
      `${code} is not in the description's tables`,
    );
  }
});
