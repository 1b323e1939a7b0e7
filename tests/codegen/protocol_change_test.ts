import { cp } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { generate } from "../../codegen/generate.ts";
import { validateChatSayMessage } from "../../protocol/gen/chat_protocol.ts";
import type { Validator } from "@wiretype/wiretype/client";
import {
  assert,
  assertEquals,
  assertMatch,
  assertNotEquals,
} from "../_helpers/assert.ts";
import {
  REPO_ROOT,
  runCodegenCli,
  withTempDir,
} from "../_helpers/codegen_run.ts";

/** Copies the repository's protocol/ (definitions and generated files) into `dir`. */
async function copyProtocols(dir: string): Promise<void> {
  await cp(join(REPO_ROOT, "protocol"), join(dir, "protocol"), {
    recursive: true,
  });
}

/** Replaces exactly one occurrence of `from` in a file; fails loudly if the demo protocol changed. */
async function editFile(path: string, from: string, to: string): Promise<void> {
  const text = await Deno.readTextFile(path);
  assertEquals(text.split(from).length, 2, `expected one "${from}" in ${path}`);
  await Deno.writeTextFile(path, text.replace(from, to));
}

function versionIn(protocolFile: string, info: string): string {
  const match = protocolFile.match(
    new RegExp(
      `export const ${info}:[\\s\\S]*?\\} = \\{[\\s\\S]*?version: "([0-9a-f]+)",`,
    ),
  );
  assert(match, `no ${info} in the generated file`);
  return match[1];
}

const SAY_FIELD = `      text: string;\n    };`;
const SAY_FIELD_WITH_MOOD =
  `      text: string;\n      /** @maxLength 20 */\n      mood?: string;\n    };`;
const TYPING_MESSAGE =
  `    /** Tell the room you are (or stopped) typing. */\n    typing: { room: Room; active: boolean };\n`;
const REACT_MESSAGE = `    react: { room: Room; emoji: string };\n`;

/** The files generated per protocol file, by the end of their names. */
const GENERATED_KINDS = [
  "protocol.ts",
  "server.ts",
  "client.ts",
  "asyncapi.json",
  "schema.json",
] as const;

Deno.test("adding a field and a message changes the types, the version and the --check result", async () => {
  await withTempDir(async (dir) => {
    await copyProtocols(dir);
    const gen = join(dir, "protocol", "gen");
    const before = await Deno.readTextFile(join(gen, "chat_protocol.ts"));
    const notificationsBefore = await Deno.readTextFile(
      join(gen, "notifications_protocol.ts"),
    );
    assertEquals((await runCodegenCli(["--check", "protocol/"], dir)).code, 0);

    await editFile(
      join(dir, "protocol", "chat.ts"),
      SAY_FIELD,
      SAY_FIELD_WITH_MOOD,
    );
    await editFile(
      join(dir, "protocol", "chat.ts"),
      TYPING_MESSAGE,
      TYPING_MESSAGE + REACT_MESSAGE,
    );

    const stale = await runCodegenCli(["--check", "protocol/"], dir);
    assertEquals(stale.code, 1);
    // The record too: it gets revision 2.
    for (const kind of [...GENERATED_KINDS, "revisions.json"]) {
      assertMatch(
        stale.stdout,
        new RegExp(`^stale: protocol/gen/chat_${kind}$`, "m"),
      );
    }
    assert(!stale.stdout.includes("stale: protocol/gen/notifications_"));
    assertMatch(
      stale.stderr,
      /6 generated file\(s\) are stale: regenerate them with `deno run -A jsr:@wiretype\/wiretype\/codegen protocol\/` \(or the task you defined for it\)/,
    );
    assert(!stale.stderr.includes("deno task gen"), stale.stderr);
    assertEquals(
      await Deno.readTextFile(join(gen, "chat_protocol.ts")),
      before,
    );

    const regenerated = await runCodegenCli(["protocol/"], dir);
    assertEquals(regenerated.code, 0, regenerated.stderr);
    assertEquals((await runCodegenCli(["--check", "protocol/"], dir)).code, 0);

    const after = await Deno.readTextFile(join(gen, "chat_protocol.ts"));
    assert(
      after.includes(
        "export interface ChatSayMessage {\n  room: Room;\n  text: string;\n  mood?: string;\n}",
      ),
    );
    assert(after.includes("export interface ChatReactMessage"));
    const server = await Deno.readTextFile(join(gen, "chat_server.ts"));
    assert(server.includes('case "react"'));
    const client = await Deno.readTextFile(join(gen, "chat_client.ts"));
    assert(client.includes("\n  react("));
    assertNotEquals(
      versionIn(after, "chatProtocolInfo"),
      versionIn(before, "chatProtocolInfo"),
    );
    assertEquals(
      await Deno.readTextFile(join(gen, "notifications_protocol.ts")),
      notificationsBefore,
    );
  });
});

Deno.test("the regenerated validator accepts the new field and checks its tags", async () => {
  await withTempDir(async (dir) => {
    await copyProtocols(dir);
    await editFile(
      join(dir, "protocol", "chat.ts"),
      SAY_FIELD,
      SAY_FIELD_WITH_MOOD,
    );
    await generate({ inputDir: "protocol", cwd: dir });
    const module = await import(
      pathToFileURL(join(dir, "protocol", "gen", "chat_protocol.ts")).href
    );
    const validateSay = module.validateChatSayMessage as Validator;
    const say = { room: "general", text: "hi", mood: "cheerful" };
    assertEquals(validateChatSayMessage(say), {
      path: ".mood",
      message: "unknown field",
    });
    assertEquals(validateSay(say), undefined);
    assertEquals(validateSay({ ...say, mood: "x".repeat(21) }), {
      path: ".mood",
      message: "expected at most 20 characters",
    });
  });
});

Deno.test("editing only a comment regenerates the docs but keeps the version", async () => {
  await withTempDir(async (dir) => {
    await copyProtocols(dir);
    const gen = join(dir, "protocol", "gen");
    const before = await Deno.readTextFile(join(gen, "chat_protocol.ts"));
    await editFile(
      join(dir, "protocol", "chat.ts"),
      "/** Post to a room you have joined. */",
      "/** Say something. */",
    );
    const result = await generate({ inputDir: "protocol", cwd: dir });
    // Not the record: the schema is the same.
    assertEquals(
      result.changed.sort(),
      GENERATED_KINDS.map((kind) => `protocol/gen/chat_${kind}`).sort(),
    );
    const after = await Deno.readTextFile(join(gen, "chat_protocol.ts"));
    assert(after.includes("/** Say something. */"));
    assertEquals(
      versionIn(after, "chatProtocolInfo"),
      versionIn(before, "chatProtocolInfo"),
    );
  });
});

Deno.test("removing a protocol file is refused until accepted, then makes its generated files obsolete", async () => {
  await withTempDir(async (dir) => {
    await copyProtocols(dir);
    await Deno.remove(join(dir, "protocol", "notifications.ts"));
    const refused = await runCodegenCli(["--check", "protocol/"], dir);
    assertEquals(refused.code, 1);
    assertMatch(
      refused.stderr,
      /^error: protocol\/gen\/notifications_revisions\.json: breaking change: no protocol is served at \/notifications any more/,
    );
    assertEquals((await runCodegenCli(["protocol/"], dir)).code, 1);
    const stale = await runCodegenCli(
      ["--check", "--accept-breaking", "protocol/"],
      dir,
    );
    assertEquals(stale.code, 1);
    for (const kind of [...GENERATED_KINDS, "revisions.json"]) {
      assertMatch(
        stale.stdout,
        new RegExp(`^obsolete: protocol/gen/notifications_${kind}$`, "m"),
      );
    }
    assertEquals(
      (await runCodegenCli(["--accept-breaking", "protocol/"], dir)).code,
      0,
    );
    const left: string[] = [];
    for await (const entry of Deno.readDir(join(dir, "protocol", "gen"))) {
      left.push(entry.name);
    }
    assertEquals(
      left.sort(),
      [...GENERATED_KINDS, "revisions.json"].map((kind) => `chat_${kind}`)
        .sort(),
    );
    assertEquals((await runCodegenCli(["--check", "protocol/"], dir)).code, 0);
  });
});
