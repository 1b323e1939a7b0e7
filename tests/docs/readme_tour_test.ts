import { assert, assertEquals } from "../_helpers/assert.ts";

const REPO = new URL("../../", import.meta.url).pathname;

/** The README's ```ts blocks that start with `// <path>`, by path. */
async function tourFiles(): Promise<Map<string, string>> {
  const readme = await Deno.readTextFile(`${REPO}README.md`);
  const files = new Map<string, string>();
  for (
    const match of readme.matchAll(/```ts\n\/\/ ([\w/.-]+\.ts)\n([\s\S]*?)```/g)
  ) {
    files.set(match[1], match[2]);
  }
  return files;
}

async function deno(args: string[]): Promise<{ code: number; output: string }> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: REPO,
    env: { NO_COLOR: "1" },
  }).output();
  const decoder = new TextDecoder();
  return { code, output: decoder.decode(stdout) + decoder.decode(stderr) };
}

Deno.test("the README tour works as written: its protocol generates, and its server and client type-check", async () => {
  const files = await tourFiles();
  assertEquals([...files.keys()].sort(), [
    "client.ts",
    "protocol/chat.ts",
    "server.ts",
  ]);
  // Inside the repository, so its deno.json maps @wiretype/wiretype as `deno add` would.
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
      `${project}/client.ts`,
    ]);
    assertEquals(checked.code, 0, checked.output);
  } finally {
    await Deno.remove(project, { recursive: true });
  }
});
