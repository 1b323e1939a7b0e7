import { assertEquals } from "../_helpers/assert.ts";
import { serveForTest } from "../_helpers/server_harness.ts";
import { closeOnDispose, tempDir } from "../_helpers/disposable.ts";
import {
  denoInRepo as deno,
  readmeBlock as block,
  readmeBlocks,
  REPO,
} from "../_helpers/readme_blocks.ts";

/** What the test uses of the tour's generated server and client modules. */
interface TourServerModule {
  chatRoute(handlers: Record<string, unknown>): unknown;
}
interface TourClient {
  connect(): void;
  join(data: { room: string }): void;
  history(data: { room: string }): Promise<unknown>;
  on(event: "message", listener: (data: unknown) => void): void;
  close(): Promise<void>;
}
interface TourClientModule {
  ChatClient: new (options: { url: string }) => TourClient;
}
type Snippet = (
  chat: unknown,
  setInterval: (callback: () => void, delayMs: number) => number,
) => void;

Deno.test("the README's broadcast from outside a handler type-checks in the tour's server and reaches a room member through a real server", async () => {
  const blocks = await readmeBlocks();
  const snippet = block(blocks, "// server.ts (continued)");
  await Deno.mkdir(`${REPO}tests/_artifacts`, { recursive: true });
  await using project = await tempDir({
    dir: `${REPO}tests/_artifacts`,
    prefix: "readme_broadcast_",
  });
  await Deno.mkdir(`${project.path}/protocol`);
  await Deno.writeTextFile(
    `${project.path}/protocol/chat.ts`,
    block(blocks, "// protocol/chat.ts"),
  );
  const generated = await deno([
    "run",
    "-A",
    "codegen/main.ts",
    `${project.path}/protocol/`,
  ]);
  assertEquals(generated.code, 0, generated.output);
  await Deno.writeTextFile(
    `${project.path}/server.ts`,
    `${block(blocks, "// server.ts")}\n${snippet}`,
  );
  const checked = await deno(["check", `${project.path}/server.ts`]);
  assertEquals(checked.code, 0, checked.output);

  // The snippet as written, with the timer handed to the test.
  await Deno.writeTextFile(
    `${project.path}/snippet.ts`,
    `// @ts-nocheck: chat and setInterval come from the test\nexport default (chat, setInterval) => {\n${snippet}};\n`,
  );
  const { chatRoute } = await import(
    `${project.path}/protocol/gen/chat_server.ts`
  ) as TourServerModule;
  const { ChatClient } = await import(
    `${project.path}/protocol/gen/chat_client.ts`
  ) as TourClientModule;
  const runSnippet = (await import(`${project.path}/snippet.ts`))
    .default as Snippet;

  const chat = chatRoute({
    join({ room }: { room: string }, ctx: { join(room: string): void }) {
      ctx.join(room);
    },
    say() {},
    history: () => ({ messages: [] }),
  });
  await using served = await serveForTest({
    routes: [chat as Parameters<typeof serveForTest>[0]["routes"][0]],
  });
  await using client = closeOnDispose(new ChatClient({ url: served.wsUrl }));
  client.connect();
  client.join({ room: "general" });
  // Handled after the join, which is then done.
  await client.history({ room: "general" });
  const ticks: { callback: () => void; delayMs: number }[] = [];
  runSnippet(
    chat,
    (callback, delayMs) => ticks.push({ callback, delayMs }),
  );
  assertEquals(ticks.map((tick) => tick.delayMs), [60_000]);
  const heard = new Promise((resolve) => client.on("message", resolve));
  ticks[0].callback();
  assertEquals(await heard, {
    room: "general",
    user: "server",
    text: "1 connected to #general",
  });
});
