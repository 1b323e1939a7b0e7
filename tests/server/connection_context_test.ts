import { assert, assertEquals } from "../_helpers/assert.ts";
import { serveForTest } from "../_helpers/server_harness.ts";
import { chatHandlers } from "../_helpers/server_chat.ts";
import { openWsClient } from "../_helpers/ws_client.ts";
import { chatRoute } from "../../protocol/gen/chat_server.ts";
import type { CloseInfo, Connection } from "@wiretype/wiretype/server";

Deno.test("onOpen, every handler and onClose of a connection get the same context, which exposes none of the server's bookkeeping", async () => {
  const seen: Connection[] = [];
  let closed = (_: CloseInfo) => {};
  const closeInfo = new Promise<CloseInfo>((resolve) => closed = resolve);
  const route = chatRoute({
    ...chatHandlers(),
    join({ room }, ctx) {
      seen.push(ctx);
      ctx.join(room);
    },
    say(_data, ctx) {
      seen.push(ctx);
      ctx.send("joined", { room: [...ctx.rooms].join(","), user: "said" });
    },
  }, {
    onOpen(ctx) {
      seen.push(ctx);
    },
    onClose(ctx, info) {
      seen.push(ctx);
      closed(info);
    },
  });
  const served = await serveForTest({ routes: [route] });
  try {
    const client = await openWsClient(`${served.wsUrl}/chat`);
    const welcome = await client.nextOfType("welcome");
    client.send({ type: "join", data: { room: "r" } });
    client.send({ type: "say", data: { room: "r", text: "x" } });
    assertEquals((await client.nextOfType("joined")).data, {
      room: "r",
      user: "said",
    });
    await client.close(4000, "done");
    await closeInfo;
    assertEquals(seen.length, 4);
    assert(seen.every((ctx) => ctx === seen[0]), "one context object");
    const ctx = seen[0];
    assertEquals(
      ctx.id,
      (welcome.data as { connectionId: string }).connectionId,
    );
    assertEquals(ctx.route, "/chat");
    // The socket, the phase and the counters stay with the session.
    for (const name of ["socket", "phase", "runtime", "sweep", "activate"]) {
      assert(!(name in ctx), `the context has no "${name}"`);
    }
  } finally {
    await served.close();
  }
});
