import { cp } from "node:fs/promises";
import { join } from "node:path";
import { generate } from "../../codegen/generate.ts";
import { assert, assertEquals, assertMatch } from "../_helpers/assert.ts";
import { locate } from "../_helpers/codegen_errors.ts";
import {
  REPO_ROOT,
  runCodegenCli,
  withTempDir,
} from "../_helpers/codegen_run.ts";

/** Copies the repository's protocol/ (definitions, generated files, records) into `dir`. */
async function copyProtocols(dir: string): Promise<void> {
  await cp(join(REPO_ROOT, "protocol"), join(dir, "protocol"), {
    recursive: true,
  });
}

/** Replaces exactly one occurrence of `from` in `protocol/<file>`; returns the new text. */
async function edit(
  dir: string,
  file: string,
  from: string,
  to: string,
): Promise<string> {
  const path = join(dir, "protocol", file);
  const text = await Deno.readTextFile(path);
  assertEquals(text.split(from).length, 2, `expected one "${from}" in ${file}`);
  const changed = text.replace(from, to);
  await Deno.writeTextFile(path, changed);
  return changed;
}

/** Every generated and record file of protocol/gen, by name. */
async function genFiles(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for await (const entry of Deno.readDir(join(dir, "protocol", "gen"))) {
    files.set(
      entry.name,
      await Deno.readTextFile(join(dir, "protocol", "gen", entry.name)),
    );
  }
  return files;
}

/** Lines added plus lines removed between two texts, as git counts them. */
async function changedLines(before: string, after: string): Promise<number> {
  return await withTempDir(async (dir) => {
    await Deno.writeTextFile(join(dir, "a"), before);
    await Deno.writeTextFile(join(dir, "b"), after);
    const { stdout } = await new Deno.Command("git", {
      args: ["diff", "--no-index", "--numstat", "a", "b"],
      cwd: dir,
      stdout: "piped",
    }).output();
    const [added, removed] = new TextDecoder().decode(stdout).split("\t");
    return Number(added ?? 0) + Number(removed ?? 0);
  });
}

const MESSAGE_TEXT = "  /** @maxLength 2000 */\n  text: string;\n";
const MESSAGE_MOOD = "  /** @maxLength 20 */\n  mood?: string;\n";
const TYPING_MESSAGE =
  "    /** Tell the room you are (or stopped) typing. */\n    typing: { room: Room; active: boolean };\n";
const TYPING_EVENT =
  "    typing: { room: Room; user: UserName; active: boolean };\n";

Deno.test("a safe change prints its report, records revision 2 and keeps revision 1 compatible", async () => {
  await withTempDir(async (dir) => {
    await copyProtocols(dir);
    const types = await edit(
      dir,
      "chat_types.ts",
      MESSAGE_TEXT,
      MESSAGE_TEXT + MESSAGE_MOOD,
    );
    const chat = await edit(
      dir,
      "chat.ts",
      TYPING_EVENT,
      `${TYPING_EVENT}    reaction: { room: Room; emoji: string };\n`,
    );
    const before = await genFiles(dir);
    const run = await runCodegenCli(["protocol/"], dir);
    assertEquals(run.code, 0, run.stderr);
    const oldVersion = JSON.parse(before.get("chat_revisions.json")!)
      .revisions[0].version;
    assertMatch(
      run.stdout,
      /^protocol\/chat\.ts: Chat at \/chat, revision 2 \(version [0-9a-f]{12}, compatibility line 1\)$/m,
    );
    assert(
      run.stdout.includes(
        `  changes since revision 1 (version ${oldVersion}):\n`,
      ),
      run.stdout,
    );
    assert(
      run.stdout.includes(
        `safe      FIELD_ADDED_OPTIONAL   protocol/chat_types.ts:${
          locate(types, "mood?")
        }  RPC "history" answer $.messages[*], event "message": optional field "mood" added (server sends: old clients ignore fields they do not know)`,
      ),
      run.stdout,
    );
    assert(
      run.stdout.includes(
        `safe      EVENT_ADDED            protocol/chat.ts:${
          locate(chat, "reaction:")
        }  event "reaction": added (server sends: old clients ignore event types they do not know)`,
      ),
      run.stdout,
    );
    assert(!run.stdout.includes("breaking"), run.stdout);
    const record = JSON.parse(
      await Deno.readTextFile(
        join(dir, "protocol", "gen", "chat_revisions.json"),
      ),
    );
    assertEquals(record.line, 1);
    assertEquals(
      record.revisions.map((r: { revision: number }) => r.revision),
      [1, 2],
    );
    const info = await Deno.readTextFile(
      join(dir, "protocol", "gen", "chat_protocol.ts"),
    );
    assert(info.includes("  revision: 2,\n"), info);
    assert(info.includes(`compatibleVersions: ["${oldVersion}"],`), info);
    assertEquals((await runCodegenCli(["--check", "protocol/"], dir)).code, 0);
  });
});

Deno.test("a breaking change is refused: exit 1, the report and the fix, nothing written", async () => {
  await withTempDir(async (dir) => {
    await copyProtocols(dir);
    const chat = await edit(dir, "chat.ts", TYPING_MESSAGE, "");
    const before = await genFiles(dir);
    const run = await runCodegenCli(["protocol/"], dir);
    assertEquals(run.code, 1);
    const at = `protocol/chat.ts:${locate(chat, "client:")}`;
    assert(
      run.stdout.includes(
        `breaking  MESSAGE_REMOVED        ${at}  message "typing": removed (clients send: old clients still send it and get unknown_type)`,
      ),
      run.stdout,
    );
    assert(
      run.stdout.includes(
        "  refused: breaks clients of revision(s) 1; nothing was written",
      ),
    );
    assertEquals(
      run.stderr.trim(),
      `error: ${at}: breaking change to Chat for clients of revision(s) 1: message "typing": removed (MESSAGE_REMOVED: old clients still send it and get unknown_type). Fix: keep the message; its handler may ignore it; or accept it with \`deno run -A jsr:@wiretype/wiretype/codegen --accept-breaking protocol/\`, which starts a new compatibility line: clients of revision(s) 1 are then closed with 4409`,
    );
    assertEquals(await genFiles(dir), before);
  });
});

Deno.test("--check fails on a breaking change the same way", async () => {
  await withTempDir(async (dir) => {
    await copyProtocols(dir);
    await edit(dir, "chat.ts", TYPING_MESSAGE, "");
    const run = await runCodegenCli(["--check", "protocol/"], dir);
    assertEquals(run.code, 1);
    assertMatch(run.stdout, /breaking {2}MESSAGE_REMOVED/);
    assertMatch(run.stderr, /^error: .*breaking change to Chat/);
  });
});

Deno.test("--accept-breaking writes the change, starts line 2 and has the server refuse revision 1 naming the change", async () => {
  await withTempDir(async (dir) => {
    await copyProtocols(dir);
    await edit(dir, "chat.ts", TYPING_MESSAGE, "");
    const run = await runCodegenCli(["--accept-breaking", "protocol/"], dir);
    assertEquals(run.code, 0, run.stderr);
    assert(
      run.stdout.includes(
        "  accepted: compatibility line 2 starts at revision 2; clients of revision(s) 1 are now refused with 4409",
      ),
      run.stdout,
    );
    const gen = join(dir, "protocol", "gen");
    const record = JSON.parse(
      await Deno.readTextFile(join(gen, "chat_revisions.json")),
    );
    assertEquals(record.line, 2);
    assertEquals(record.revisions.length, 1);
    assertEquals(record.retired[0].revision, 1);
    assertEquals(
      record.retired[0].broken,
      'message "typing": removed (MESSAGE_REMOVED)',
    );
    const info = await Deno.readTextFile(join(gen, "chat_protocol.ts"));
    assert(
      info.includes(
        `incompatibleVersions: {\n    "${
          record.retired[0].version
        }": 'message "typing": removed (MESSAGE_REMOVED)',\n  },`,
      ),
      info,
    );
    assertEquals((await runCodegenCli(["--check", "protocol/"], dir)).code, 0);
  });
});

Deno.test("one optional field in ChatMessage changes fewer than 30 lines of generated code", async () => {
  await withTempDir(async (dir) => {
    await copyProtocols(dir);
    const before = await genFiles(dir);
    await edit(dir, "chat_types.ts", MESSAGE_TEXT, MESSAGE_TEXT + MESSAGE_MOOD);
    await generate({ inputDir: "protocol", cwd: dir });
    const after = await genFiles(dir);
    let total = 0;
    for (
      const name of ["chat_protocol.ts", "chat_server.ts", "chat_client.ts"]
    ) {
      total += await changedLines(before.get(name)!, after.get(name)!);
    }
    assert(total > 0 && total < 30, `${total} lines changed`);
  });
});
