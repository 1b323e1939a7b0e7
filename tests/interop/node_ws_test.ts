import { assertEquals } from "../_helpers/assert.ts";
import { serveForTest } from "../_helpers/server_harness.ts";
import { testChatRoute } from "../_helpers/server_chat.ts";
import { chatProtocolInfo } from "../../protocol/gen/chat_protocol.ts";
import { runInteropClient } from "../_helpers/ws_interop.ts";

const SCRIPT = new URL("./ws_chat_client.ts", import.meta.url).pathname;

Deno.test("the ws library from npm speaks the chat protocol, bad input included", async () => {
  await using served = await serveForTest({ routes: [testChatRoute()] });
  const checks = await runInteropClient(
    Deno.execPath(),
    [
      "run",
      "--allow-net",
      "--allow-read",
      "--allow-env",
      SCRIPT,
      `${served.wsUrl}/chat`,
      chatProtocolInfo.version,
    ],
    "the ws client could not start: run `deno install` so npm:ws is cached",
  );
  assertEquals(checks, [
    "subprotocol",
    "welcome",
    "joined",
    "message",
    "rpc",
    "invalid_json",
    "invalid_data",
    "missing_id",
    "binary",
    "usable_after_errors",
    "closed",
  ]);
  assertEquals(served.server.stats().rejectedMessages.missing_id, 1);
});
