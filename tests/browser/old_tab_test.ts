import { cp } from "node:fs/promises";
import { join } from "node:path";
import { assertEquals, assertMatch } from "../_helpers/assert.ts";
import { launchChromium } from "../_helpers/browser_chromium.ts";
import { say, sees, signIn } from "../_helpers/browser_demo_page.ts";
import { REPO_ROOT, runCodegenCli } from "../_helpers/codegen_run.ts";
import { type SpawnedServer, spawnServer } from "../_helpers/spawned_server.ts";

const SECRET = "browser-test-secret-0123456789abcdef";

/** Copies what the demo needs (runtime, protocol, demo with its built page) into `dir`. */
async function copyDemo(dir: string): Promise<void> {
  for (const path of ["deno.json", "deno.lock", "mod.ts", "src", "protocol"]) {
    await cp(join(REPO_ROOT, path), join(dir, path), { recursive: true });
  }
  await cp(
    join(REPO_ROOT, "examples", "chat"),
    join(dir, "examples", "chat"),
    { recursive: true },
  );
}

/** Starts the demo copied into `dir` on `port` (0: a free one). */
async function startDemo(dir: string, port = 0): Promise<SpawnedServer> {
  return await spawnServer({
    args: [
      "run",
      "--allow-net",
      "--allow-read",
      "--allow-env",
      join(dir, "examples", "chat", "main.ts"),
    ],
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      WIRETYPE_DEMO_SECRET: SECRET,
    },
    cwd: dir,
  });
}

/** Replaces exactly one occurrence of `from` in `dir/path`. */
async function edit(dir: string, path: string, from: string, to: string) {
  const file = join(dir, path);
  const text = await Deno.readTextFile(file);
  assertEquals(text.split(from).length, 2, `expected one "${from}" in ${path}`);
  await Deno.writeTextFile(file, text.replace(from, to));
}

Deno.test("a browser tab of the demo built before a safe change keeps chatting after the server restarts with the change", async () => {
  const dir = await Deno.makeTempDir({ prefix: "wiretype_old_tab_" });
  let demo: SpawnedServer | undefined;
  const browser = await launchChromium();
  try {
    await copyDemo(dir);
    demo = await startDemo(dir);
    const alice = await signIn(browser, demo.httpUrl, "alice");
    const bob = await signIn(browser, demo.httpUrl, "bob");
    await say(alice, "before the deploy");
    await sees(bob, "before the deploy");

    // The deploy: every message now carries a language (a new event field,
    // safe), regenerated; the pages keep the bundle they loaded.
    await edit(
      dir,
      "protocol/chat_types.ts",
      "  /** @format date-time */\n  sentAt: string;\n",
      "  /** @format date-time */\n  sentAt: string;\n  lang: string;\n",
    );
    await edit(
      dir,
      "examples/chat/chat_handlers.ts",
      "        sentAt: new Date().toISOString(),\n",
      '        sentAt: new Date().toISOString(),\n        lang: "en",\n',
    );
    const gen = await runCodegenCli(["protocol/"], dir);
    assertEquals(gen.code, 0, gen.stderr);
    assertMatch(gen.stdout, /^ {4}safe +FIELD_ADDED_REQUIRED .*"lang" added/m);
    const port = demo.port;
    await demo.stop();
    demo = await startDemo(dir, port);

    await alice.waitForSelector("[data-testid=chat-state][data-state=open]");
    await bob.waitForSelector("[data-testid=chat-state][data-state=open]");
    await say(alice, "after the deploy");
    await sees(bob, "after the deploy");
    await say(bob, "still here");
    await sees(alice, "still here");
  } finally {
    await browser.close();
    await demo?.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
