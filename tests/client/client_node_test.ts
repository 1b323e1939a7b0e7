import { assertEquals } from "../_helpers/assert.ts";
import { bundleForNode, runNode } from "../_helpers/client_node.ts";
import { startRealChatServer } from "../_helpers/client_real_server.ts";

const script = bundleForNode(
  new URL("./_fixtures/node_chat.ts", import.meta.url),
);

for (const implementation of ["global", "ws"] as const) {
  Deno.test(`the generated client runs in Node with ${implementation === "global" ? "its global WebSocket" : "npm:ws injected"} against the real server`, async () => {
    await using real = await startRealChatServer();
    const output = await runNode(await script, [real.url, implementation]);
    assertEquals(JSON.parse(output), {
      states: ["connecting", "open", "closed"],
      text: `hello from node ${implementation}`,
      history: [`hello from node ${implementation}`],
    });
  });
}
