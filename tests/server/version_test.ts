import { assertEquals } from "../_helpers/assert.ts";
import { serveForTest } from "../_helpers/server_harness.ts";
import { testChatRoute } from "../_helpers/server_chat.ts";
import { openWsClient } from "../_helpers/ws_client.ts";
import { chatProtocolInfo } from "../../protocol/gen/chat_protocol.ts";
import { CloseCode } from "../../src/wire/close_codes.ts";
import { versionSubprotocol } from "../../src/wire/version.ts";

Deno.test("a client offering the server's version gets it back as the subprotocol", async () => {
  await using served = await serveForTest({ routes: [testChatRoute()] });
  const offered = [
    versionSubprotocol("000000000000"),
    versionSubprotocol(chatProtocolInfo.version),
  ];
  await using client = await openWsClient(`${served.wsUrl}/chat`, offered);
  assertEquals(
    client.protocol,
    versionSubprotocol(chatProtocolInfo.version),
  );
  assertEquals((await client.next()).type, "welcome");
});

Deno.test("a client generated from another protocol version is closed with 4409 and told to regenerate", async () => {
  await using served = await serveForTest({ routes: [testChatRoute()] });
  await using client = await openWsClient(
    `${served.wsUrl}/chat`,
    versionSubprotocol("0123456789ab"),
  );
  const closed = await client.closed;
  assertEquals(closed.code, CloseCode.VersionMismatch);
  assertEquals(
    closed.reason,
    `unknown to server ${chatProtocolInfo.version}: client and server come from different protocol files; regenerate and deploy the older one`,
  );
  assertEquals(client.received.filter((f) => f.type === "welcome"), []);
  assertEquals(
    served.server.stats().rejectedConnections.version_mismatch,
    1,
  );
});

Deno.test("a third-party client offering no wiretype subprotocol is accepted", async () => {
  await using served = await serveForTest({ routes: [testChatRoute()] });
  await using client = await openWsClient(`${served.wsUrl}/chat`, "graphql-ws");
  assertEquals(client.protocol, "");
  assertEquals((await client.next()).type, "welcome");
});
