import type { Validator } from "@wiretype/wiretype/client";
import { assert, assertEquals } from "../_helpers/assert.ts";
import {
  denoInRepo as deno,
  readmeBlocks,
  REPO,
} from "../_helpers/readme_blocks.ts";

/** The README's ```ts blocks that start with `// <path>` (and maybe `: why`), by path. */
async function tourFiles(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const [firstLine, text] of await readmeBlocks()) {
    const path = /^\/\/ ([\w/.-]+\.ts)(?::.*)?$/.exec(firstLine)?.[1];
    if (path !== undefined) files.set(path, text);
  }
  return files;
}

/**
 * Writes the tour's files into a fresh project inside the repository (so
 * its deno.json maps @wiretype/wiretype as `deno add` would), runs `body`
 * with its path, and removes it afterwards.
 */
async function withTourProject(
  body: (project: string) => Promise<void>,
): Promise<void> {
  const files = await tourFiles();
  await Deno.mkdir(`${REPO}tests/_artifacts`, { recursive: true });
  const project = await Deno.makeTempDir({
    dir: `${REPO}tests/_artifacts`,
    prefix: "readme_tour_",
  });
  try {
    for (const [path, text] of files) {
      await Deno.mkdir(`${project}/${path}`.replace(/\/[^/]+$/, ""), {
        recursive: true,
      });
      await Deno.writeTextFile(`${project}/${path}`, text);
    }
    await body(project);
  } finally {
    await Deno.remove(project, { recursive: true });
  }
}

/** Generates the tour's protocol and imports its validators by name. */
async function tourValidators(): Promise<Record<string, Validator>> {
  let validators: Record<string, Validator> = {};
  await withTourProject(async (project) => {
    const generated = await deno([
      "run",
      "-A",
      "codegen/main.ts",
      `${project}/protocol/`,
    ]);
    assertEquals(generated.code, 0, generated.output);
    validators = await import(`${project}/protocol/gen/chat_protocol.ts`);
  });
  return validators;
}

Deno.test("the README tour's protocol refuses a say with an empty text or one of 2001 characters", async () => {
  const { validateChatSayMessage } = await tourValidators();
  assertEquals(validateChatSayMessage({ room: "general", text: "" }), {
    path: ".text",
    message: "expected at least 1 character",
  });
  assertEquals(
    validateChatSayMessage({ room: "general", text: "x".repeat(2001) }),
    { path: ".text", message: "expected at most 2000 characters" },
  );
  assertEquals(
    validateChatSayMessage({ room: "general", text: "x".repeat(2000) }),
    undefined,
  );
});

Deno.test("the README tour's protocol refuses a history limit of 0, 101 or 1.5", async () => {
  const { validateChatHistoryRequest } = await tourValidators();
  const issue = (limit: number) =>
    validateChatHistoryRequest({ room: "general", limit });
  assertEquals(issue(0), { path: ".limit", message: "expected >= 1" });
  assertEquals(issue(101), { path: ".limit", message: "expected <= 100" });
  assertEquals(issue(1.5), { path: ".limit", message: "expected integer" });
  assertEquals(issue(100), undefined);
});

Deno.test("the README tour works as written: its protocol generates, and its server and client type-check", async () => {
  const files = await tourFiles();
  assertEquals([...files.keys()].sort(), [
    "client.ts",
    "protocol/chat.ts",
    "server.ts",
    "shared_server.ts",
  ]);
  await withTourProject(async (project) => {
    const generated = await deno([
      "run",
      "-A",
      "codegen/main.ts",
      `${project}/protocol/`,
    ]);
    assertEquals(generated.code, 0, generated.output);
    assert(generated.output.includes("Chat at /chat"), generated.output);
    const checked = await deno([
      "check",
      `${project}/server.ts`,
      `${project}/shared_server.ts`,
      `${project}/client.ts`,
    ]);
    assertEquals(checked.code, 0, checked.output);
  });
});
