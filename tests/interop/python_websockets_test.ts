import { assertEquals } from "../_helpers/assert.ts";
import { serveForTest } from "../_helpers/server_harness.ts";
import { testChatRoute } from "../_helpers/server_chat.ts";
import { openWsClient } from "../_helpers/ws_client.ts";
import { chatProtocolInfo } from "../../protocol/gen/chat_protocol.ts";
import { runInteropClient } from "../_helpers/ws_interop.ts";

const PYTHON = "/usr/bin/python3";
const SCRIPT = new URL("./python_chat_client.py", import.meta.url).pathname;
const INSTALL_HINT =
  "Python's websockets is missing: run `apt-get install -y python3-websockets` (Debian's /usr/bin/python3 is used; CI installs it with apt-get)";

Deno.test("Python's websockets speaks the chat protocol, bad input included, and a Deno member hears it", async () => {
  await using served = await serveForTest({ routes: [testChatRoute()] });
  await using listener = await openWsClient(`${served.wsUrl}/chat`);
  await listener.nextOfType("welcome");
  listener.send({ type: "join", data: { room: "interop" } });
  await listener.nextOfType("joined");
  const checks = await runInteropClient(
    PYTHON,
    [SCRIPT, `${served.wsUrl}/chat`, chatProtocolInfo.version],
    INSTALL_HINT,
  );
  assertEquals(checks, [
    "subprotocol",
    "welcome",
    "joined",
    "message",
    "rpc",
    "invalid_json",
    "invalid_data",
    "invalid_rpc",
    "unknown_type",
    "binary",
    "usable_after_errors",
    "closed",
  ]);
  const heard = await listener.nextOfType("message");
  assertEquals((heard.data as { text: string }).text, "hello from python");
  const stats = served.server.stats();
  assertEquals(stats.rejectedMessages.invalid_json, 1);
  assertEquals(stats.rejectedMessages.binary_not_supported, 1);
});
