import { assert, assertEquals } from "../_helpers/assert.ts";
import { spawnServer } from "../_helpers/spawned_server.ts";
import { nextEvent, signIn, whenOpen } from "../_helpers/demo_users.ts";
import type { ChatMessage, Member } from "../../protocol/gen/chat_protocol.ts";
import type { Notification } from "../../protocol/gen/notifications_protocol.ts";

const SECRET = "demo-test-secret-demo-test-secret-0123456789";

Deno.test("deno task demo serves the page, signs two users in with tickets, and they chat", async () => {
  const demo = await spawnServer({
    args: ["task", "demo"],
    env: { PORT: "0", HOST: "127.0.0.1", WIRETYPE_DEMO_SECRET: SECRET },
  });
  const users = [];
  try {
    const page = await fetch(`${demo.httpUrl}/`);
    assertEquals(page.status, 200);
    assert(
      (await page.text()).includes("app.js"),
      "the page loads the bundled client",
    );
    const health = await fetch(`${demo.httpUrl}/healthz`);
    assertEquals((await health.json()).ok, true);

    const alice = await signIn(demo.httpUrl, "alice");
    const bob = await signIn(demo.httpUrl, "bob");
    users.push(alice, bob);
    for (const user of users) {
      user.chat.connect();
      user.notifications.connect();
      await whenOpen(user.chat);
      await whenOpen(user.notifications);
    }
    alice.chat.join({ room: "general" });
    await nextEvent<{ room: string; members: Member[] }>(
      (fn) => alice.chat.on("presence", fn),
      (p) => p.members.some((m) => m.user === "alice"),
    );

    const aliceNotified = nextEvent<Notification>(
      (fn) => alice.notifications.on("notification", fn),
      (n) => n.kind === "joined",
    );
    const bobSeesPresence = nextEvent<{ room: string; members: Member[] }>(
      (fn) => bob.chat.on("presence", fn),
      (p) => p.members.length === 2,
    );
    bob.chat.join({ room: "general" });
    const presence = await bobSeesPresence;
    assertEquals(presence.members.map((m) => m.user), ["alice", "bob"]);
    const notification = await aliceNotified;
    assertEquals(notification.text, "bob joined #general");
    alice.notifications.ack({ id: notification.id });

    const bobReceives = nextEvent<ChatMessage>((fn) =>
      bob.chat.on("message", fn)
    );
    alice.chat.say({ room: "general", text: "hello bob" });
    const message = await bobReceives;
    assertEquals([message.user, message.room, message.text], [
      "alice",
      "general",
      "hello bob",
    ]);

    const { messages } = await bob.chat.history({ room: "general", limit: 10 });
    assertEquals(messages.map((m) => m.text), ["hello bob"]);
    const { notifications } = await alice.notifications.pending({});
    assertEquals(
      notifications,
      [],
      "the acknowledged notification is no longer pending",
    );

    const metrics = await (await fetch(`${demo.httpUrl}/metrics`)).text();
    assert(/wiretype_open_connections 4\b/.test(metrics), metrics);
  } finally {
    for (const user of users) user.close();
    const code = await demo.stop();
    assertEquals(code, 0, demo.output());
  }
});

Deno.test("the demo runs under deno serve --parallel with two workers: clients chat and share presence", async () => {
  const demo = await spawnServer({
    args: [
      "serve",
      "--parallel",
      "--unstable-kv",
      "--allow-net",
      "--allow-read",
      "--allow-env",
      "--host",
      "127.0.0.1",
      "--port",
      "0",
      "examples/chat/app.ts",
    ],
    env: { DENO_JOBS: "2", WIRETYPE_DEMO_SECRET: SECRET },
  });
  const users = [];
  try {
    const names = ["ann", "ben", "cat", "dan", "eve", "fay"];
    for (const name of names) users.push(await signIn(demo.httpUrl, name));
    for (const user of users) {
      user.chat.connect();
      await whenOpen(user.chat);
    }
    // Everyone joins at once, on both workers: each worker sends its members
    // a fresh list whenever its view of the room changes, including when the
    // other worker's joins arrive, so every list ends complete.
    const everyoneListed = users.map((user) =>
      nextEvent<{ room: string; members: Member[] }>(
        (fn) => user.chat.on("presence", fn),
        (p) => p.members.length === names.length,
      )
    );
    for (const user of users) user.chat.join({ room: "lobby" });
    const lists = await Promise.all(everyoneListed);
    for (const list of lists) {
      assertEquals(list.members.map((m) => m.user), names);
    }

    const received = users.map((user) =>
      nextEvent<ChatMessage>(
        (fn) => user.chat.on("message", fn),
        (m) => m.text === "hi all",
      )
    );
    users[0].chat.say({ room: "lobby", text: "hi all" });
    const messages = await Promise.all(received);
    assertEquals(
      new Set(messages.map((m) => m.id)).size,
      1,
      "everyone got the same message",
    );
  } finally {
    for (const user of users) user.close();
    // Two workers shutting down on a loaded machine: allow them time.
    await demo.stop("SIGTERM", 45_000);
  }
});
