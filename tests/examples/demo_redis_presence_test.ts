import { assertEquals } from "../_helpers/assert.ts";
import { startRedisServer } from "../_helpers/redis_server.ts";
import { spawnServer } from "../_helpers/spawned_server.ts";
import { nextEvent, signIn, whenOpen } from "../_helpers/demo_users.ts";
import type { Member } from "../../protocol/gen/chat_protocol.ts";

const SECRET = "demo-test-secret-demo-test-secret-0123456789";
/** Two of the demo's heartbeats (RedisFanout's default, 5 s). */
const TWO_HEARTBEATS_MS = 10_000;

Deno.test("two demo nodes on one Redis: after Redis restarts, a user joining on each node is shown both in presence", async () => {
  const first = await startRedisServer();
  let redis = first;
  const demos = [];
  const users = [];
  try {
    for (let index = 0; index < 2; index++) {
      demos.push(
        await spawnServer({
          args: ["task", "demo"],
          env: {
            PORT: "0",
            HOST: "127.0.0.1",
            WIRETYPE_DEMO_SECRET: SECRET,
            REDIS_URL: first.url,
          },
        }),
      );
    }
    await redis.stop();
    redis = await startRedisServer({ port: first.port });

    const ann = await signIn(demos[0].httpUrl, "ann");
    const ben = await signIn(demos[1].httpUrl, "ben");
    users.push(ann, ben);
    const bothListed = users.map((user) =>
      nextEvent<{ room: string; members: Member[] }>(
        (fn) => user.chat.on("presence", fn),
        (presence) => presence.members.length === 2,
        TWO_HEARTBEATS_MS,
      )
    );
    for (const user of users) {
      user.chat.connect();
      await whenOpen(user.chat);
      user.chat.join({ room: "lobby" });
    }
    for (const presence of await Promise.all(bothListed)) {
      assertEquals(presence.members.map((m) => m.user), ["ann", "ben"]);
    }
  } finally {
    for (const user of users) user.close();
    for (const demo of demos) assertEquals(await demo.stop(), 0, demo.output());
    await redis.stop();
  }
});
