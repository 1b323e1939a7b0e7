/**
 * Missed-message recovery through the demo as deployed on several machines:
 * two demo nodes on one redis-server (fan-out, tickets and history in
 * Redis), generated clients, real processes killed and restarted.
 *
 * @module
 */
import { assert, assertEquals } from "../_helpers/assert.ts";
import {
  type RedisServer,
  startRedisServer,
} from "../_helpers/redis_server.ts";
import { type SpawnedServer, spawnServer } from "../_helpers/spawned_server.ts";
import { nextEvent, signIn, whenOpen } from "../_helpers/demo_users.ts";
import type { ChatMessage, Member } from "../../protocol/gen/chat_protocol.ts";
import type { RecoveryResult } from "@wiretype/wiretype/client";

const SECRET = "demo-test-secret-demo-test-secret-0123456789";
const MESSAGES = 30;

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

/** Connects each user and waits until every one is listed in the lobby. */
async function joinLobby(
  users: readonly Awaited<ReturnType<typeof signIn>>[],
): Promise<void> {
  const listed = users.map((user) =>
    nextEvent<{ members: Member[] }>(
      (fn) => user.chat.on("presence", fn),
      (presence) => presence.members.length === users.length,
    )
  );
  for (const user of users) {
    user.chat.connect();
    await whenOpen(user.chat);
    user.chat.join({ room: "lobby" });
  }
  await Promise.all(listed);
}

function startDemo(redisUrl: string, port = 0): Promise<SpawnedServer> {
  // `deno run` itself, not `deno task demo`: SIGKILL must reach the server,
  // and a task runner does not pass it on to its child.
  return spawnServer({
    args: [
      "run",
      "--allow-net",
      "--allow-read",
      "--allow-env",
      "--unstable-kv",
      "examples/chat/main.ts",
    ],
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      WIRETYPE_DEMO_SECRET: SECRET,
      REDIS_URL: redisUrl,
    },
  });
}

Deno.test("a client on a node that is killed and restarted while 30 messages are said on another node ends with all of them, once each, in order", async () => {
  const redis: RedisServer = await startRedisServer();
  const portB = freePort();
  const demos: SpawnedServer[] = [];
  const users = [];
  try {
    demos.push(await startDemo(redis.url), await startDemo(redis.url, portB));
    const [nodeA, nodeB] = demos;
    const ben = await signIn(nodeA.httpUrl, "ben");
    const ann = await signIn(nodeB.httpUrl, "ann");
    users.push(ben, ann);
    const texts: string[] = [];
    ann.chat.on("message", (message: ChatMessage) => texts.push(message.text));
    const recoveries: RecoveryResult[] = [];
    ann.chat.onRecovery((result) => recoveries.push(result));
    await joinLobby(users);
    // Ann is in the room once her first message arrives.
    const first = nextEvent<ChatMessage>((fn) => ann.chat.on("message", fn));
    ben.chat.say({ room: "lobby", text: "before" });
    await first;

    // Failed ticket fetches while B is down are expected on the way back.
    ann.chat.onError(() => {});
    await nodeB.stop("SIGKILL");
    const sent = Array.from(
      { length: MESSAGES },
      (_, index) => `m${index + 1}`,
    );
    for (const text of sent) ben.chat.say({ room: "lobby", text });
    const restarted = await startDemo(redis.url, portB);
    demos[1] = restarted;

    const recovered = nextEvent<RecoveryResult>(
      (fn) => ann.chat.onRecovery(fn),
      (result) => result.reason === "reconnect",
      30_000,
    );
    const result = await recovered;
    assertEquals(result.recovered, true, JSON.stringify(result));
    assertEquals(texts, ["before", ...sent]);

    // And newer messages follow, still once each.
    const after = nextEvent<ChatMessage>(
      (fn) => ann.chat.on("message", fn),
      (message) => message.text === "after",
    );
    ben.chat.say({ room: "lobby", text: "after" });
    await after;
    assertEquals(texts, ["before", ...sent, "after"]);
    assert(recoveries.every((r) => r.recovered), JSON.stringify(recoveries));
  } finally {
    for (const user of users) user.close();
    for (const demo of demos) await demo.stop();
    await redis.stop();
  }
});

Deno.test("after Redis restarts and loses the history, a reconnecting client is told it was not recovered", async () => {
  const first = await startRedisServer();
  let redis = first;
  const portB = freePort();
  const demos: SpawnedServer[] = [];
  const users = [];
  try {
    demos.push(await startDemo(first.url), await startDemo(first.url, portB));
    const [nodeA, nodeB] = demos;
    const ben = await signIn(nodeA.httpUrl, "ben");
    const ann = await signIn(nodeB.httpUrl, "ann");
    users.push(ben, ann);
    await joinLobby(users);
    const arrived = nextEvent<ChatMessage>((fn) => ann.chat.on("message", fn));
    ben.chat.say({ room: "lobby", text: "before" });
    await arrived;

    ann.chat.onError(() => {});
    await nodeB.stop("SIGKILL");
    await redis.stop();
    redis = await startRedisServer({ port: first.port });
    demos[1] = await startDemo(first.url, portB);
    const result = await nextEvent<RecoveryResult>(
      (fn) => ann.chat.onRecovery(fn),
      (result) => result.reason === "reconnect",
      30_000,
    );
    assertEquals(result.recovered, false);
    assertEquals(result.streams["room:lobby"], {
      recovered: false,
      why: "history_lost",
    });
  } finally {
    for (const user of users) user.close();
    for (const demo of demos) await demo.stop();
    await redis.stop();
  }
});
