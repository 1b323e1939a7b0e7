/**
 * The README's commands for using the generated client outside Deno, run as
 * written in a project of its own (its deno.json maps `@wiretype/wiretype`
 * to this checkout, as `deno add jsr:@wiretype/wiretype` would to JSR), with
 * the bundles talking to a real server: in Chromium, on Node 22 (npm's build
 * when the machine has another), on Node 20 with its flag, and on Node 20
 * with npm's `ws`.
 *
 * @module
 */
import { chatRoute } from "../../protocol/gen/chat_server.ts";
import { assert, assertEquals } from "../_helpers/assert.ts";
import { launchChromium } from "../_helpers/browser_chromium.ts";
import { nodeExecutable } from "../_helpers/node_runtime.ts";
import { createTestAuth } from "../_helpers/server_authenticator.ts";
import { chatHandlers } from "../_helpers/server_chat.ts";
import { serveForTest } from "../_helpers/server_harness.ts";
import {
  readmeBlock as readmeBlockOf,
  readmeBlocks,
} from "../_helpers/readme_blocks.ts";

const REPO = new URL("../../", import.meta.url);
const README = await Deno.readTextFile(new URL("README.md", REPO));

/** The README's command line starting with `start`, as argv (comment dropped). */
function readmeCommand(start: string): string[] {
  const line = README.split("\n").find((line) => line.startsWith(start));
  if (line === undefined) {
    throw new Error(`README.md has no command line starting "${start}"`);
  }
  return line.replace(/\s+#.*$/, "").trim().split(/\s+/);
}

const BLOCKS = await readmeBlocks();

/** The README's ```ts block whose first line is `firstLine`, without it. */
function readmeBlock(firstLine: string): string {
  return readmeBlockOf(BLOCKS, firstLine);
}

/**
 * What `deno add jsr:@wiretype/wiretype` gives a project: every entry of
 * the package's "exports", mapped here to this checkout's files.
 */
async function packageImports(): Promise<Record<string, string>> {
  const config = JSON.parse(
    await Deno.readTextFile(new URL("deno.json", REPO)),
  ) as { name: string; exports: Record<string, string> };
  return Object.fromEntries(
    Object.entries(config.exports).map(([subpath, file]) => [
      config.name + subpath.slice(1),
      new URL(file, REPO).href,
    ]),
  );
}

/**
 * A user's project in a temporary directory: deno.json, the chat client's
 * generated files under protocol/gen/, and `files`.
 */
async function makeProject(files: Record<string, string>): Promise<string> {
  const project = await Deno.makeTempDir({ prefix: "wiretype-readme-" });
  await Deno.writeTextFile(
    `${project}/deno.json`,
    JSON.stringify({
      imports: await packageImports(),
    }),
  );
  await Deno.mkdir(`${project}/protocol/gen`, { recursive: true });
  for (const name of ["chat_protocol.ts", "chat_client.ts"]) {
    await Deno.copyFile(
      new URL(`protocol/gen/${name}`, REPO),
      `${project}/protocol/gen/${name}`,
    );
  }
  for (const [path, text] of Object.entries(files)) {
    await Deno.writeTextFile(`${project}/${path}`, text);
  }
  return project;
}

/** Runs a README `deno ...` command in `project`; fails with its output. */
async function runDeno([, ...args]: string[], project: string): Promise<void> {
  const { success, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: project,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const decoder = new TextDecoder();
  assert(
    success,
    `deno ${args.join(" ")} failed:\n${decoder.decode(stdout)}${
      decoder.decode(stderr)
    }`,
  );
}

/**
 * Runs `executable` with `args` in `project` until it prints `expected` as a
 * line, then stops it; fails with what it printed otherwise (after 30 s).
 */
async function runUntilPrinted(
  executable: string,
  args: string[],
  project: string,
  env: Record<string, string>,
  expected: string,
): Promise<void> {
  const child = new Deno.Command(executable, {
    args,
    cwd: project,
    env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const errors = new Response(child.stderr).text();
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  let printed = "";
  try {
    for await (
      const chunk of child.stdout.pipeThrough(new TextDecoderStream())
    ) {
      printed += chunk;
      if (printed.split("\n").includes(expected)) {
        child.kill("SIGTERM");
        break;
      }
    }
  } finally {
    clearTimeout(timer);
    await child.status;
  }
  assert(
    printed.split("\n").includes(expected),
    `${executable} ${
      args.join(" ")
    } did not print "${expected}"; it printed:\n${printed}${await errors}`,
  );
  await errors;
}

/**
 * README's bot.ts bundled with the README's Node command, run by `node`
 * with `nodeArgs` against a real server with authentication: it must print
 * the message it posted, as the server broadcast it back.
 */
async function botChats(
  botSource: string,
  node: string,
  nodeArgs: string[],
): Promise<void> {
  const project = await makeProject({ "bot.ts": botSource });
  const auth = await createTestAuth();
  const served = await serveForTest({
    routes: [chatRoute(chatHandlers())],
    auth: auth.authenticator,
  });
  try {
    await runDeno(readmeCommand("deno bundle --platform=deno"), project);
    await runUntilPrinted(node, nodeArgs, project, {
      CHAT_URL: served.wsUrl,
      CHAT_JWT: await auth.token("alice"),
    }, "alice: hello from Node");
  } finally {
    await served.close();
    await Deno.remove(project, { recursive: true });
  }
}

Deno.test("the README's browser bundle command makes a module that chats in Chromium with a real server", async () => {
  const command = readmeCommand("deno bundle --platform=browser");
  const output = command[command.indexOf("-o") + 1];
  const entry = command.at(-1)!;
  const project = await makeProject({
    [entry]: `import { ChatClient } from "./protocol/gen/chat_client.ts";
const chat = new ChatClient({ url: location.origin });
chat.on("message", ({ text }) => { document.title = text; });
chat.connect();
chat.join({ room: "general" });
chat.say({ room: "general", text: "hello from the browser" });
`,
  });
  const served = await serveForTest({
    routes: [chatRoute(chatHandlers())],
    fallback: async (request) => {
      const path = new URL(request.url).pathname;
      if (path === "/") {
        return new Response(
          `<!doctype html><title>loading</title><script type="module" src="/client.js"></script>`,
          { headers: { "content-type": "text/html" } },
        );
      }
      if (path === "/client.js") {
        return new Response(await Deno.readFile(`${project}/${output}`), {
          headers: { "content-type": "text/javascript" },
        });
      }
      return new Response("not found", { status: 404 });
    },
  });
  const browser = await launchChromium();
  try {
    await Deno.mkdir(`${project}/public`, { recursive: true });
    await runDeno(command, project);
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.goto(`${served.httpUrl}/`);
    await page.waitForFunction(
      () => document.title === "hello from the browser",
      null,
      { timeout: 20_000 },
    );
    assertEquals(pageErrors, []);
  } finally {
    await browser.close();
    await served.close();
    await Deno.remove(project, { recursive: true });
  }
});

Deno.test("the README's Node bundle of bot.ts chats on Node 22 with its global WebSocket", async () => {
  const [, ...args] = readmeCommand("node bot.mjs");
  await botChats(
    readmeBlock("// bot.ts, a Node program"),
    await nodeExecutable(22),
    args,
  );
});

Deno.test("the README's Node bundle of bot.ts chats on Node 20 with --experimental-websocket", async () => {
  const [, ...args] = readmeCommand("node --experimental-websocket");
  await botChats(
    readmeBlock("// bot.ts, a Node program"),
    await nodeExecutable(20),
    args,
  );
});

Deno.test("the README's bot.ts with npm's ws chats on Node 20 without the flag", async () => {
  const bot = readmeBlock("// bot.ts, a Node program");
  const wsImport = readmeBlock("// bot.ts, with ws").split("\n")[0];
  assertEquals(wsImport, 'import WebSocket from "npm:ws";');
  // The README's two changes: the import, and WebSocket in the options.
  const withWs = bot
    .replace(/^(import .*\n)/, `$1${wsImport}\n`)
    .replace(/\n\}\);\n/, "\n  WebSocket,\n});\n");
  assert(withWs.includes("  WebSocket,\n"), withWs);
  const [, ...args] = readmeCommand("node bot.mjs");
  await botChats(withWs, await nodeExecutable(20), args);
});
