import { assert, assertEquals, assertThrows } from "../_helpers/assert.ts";
import { waitFor } from "../_helpers/server_harness.ts";
import {
  type RedisServer,
  startRedisServer,
} from "../_helpers/redis_server.ts";
import {
  RedisFanout,
  type RedisFanoutOptions,
} from "../../src/fanout/redis_fanout.ts";
import type { Delivery } from "../../src/fanout/fanout.ts";
import type { FanoutLogEvent } from "../../src/fanout/fanout_logger.ts";
import { assertOptionError } from "../_helpers/option_error.ts";

interface TestNode {
  readonly fanout: RedisFanout;
  readonly received: Delivery[];
  readonly events: FanoutLogEvent[];
}

async function startNode(
  url: string,
  nodeId: string,
  options: Partial<RedisFanoutOptions> = {},
  presenceChanged?: (route: string, room: string) => void,
): Promise<TestNode> {
  const received: Delivery[] = [];
  const events: FanoutLogEvent[] = [];
  const fanout = new RedisFanout({
    url,
    nodeId,
    heartbeatIntervalMs: 60_000,
    nodeTimeoutMs: 180_000,
    reconnectMaxDelayMs: 200,
    logger: { log: (event) => events.push(event) },
    ...options,
  });
  await fanout.start({
    deliver: (delivery) => received.push(delivery),
    presenceChanged,
  });
  return { fanout, received, events };
}

async function withRedis(
  test: (redis: RedisServer, nodes: TestNode[]) => Promise<void>,
): Promise<void> {
  const redis = await startRedisServer();
  const nodes: TestNode[] = [];
  try {
    await test(redis, nodes);
  } finally {
    await Promise.all(nodes.map((node) => node.fanout.close()));
    await redis.stop();
  }
}

function memberIds(node: TestNode, room = "general"): string[] {
  return node.fanout.presence.members("/chat", room).map((m) => m.connectionId);
}

const delivery = (text: string): Delivery => ({
  route: "/chat",
  target: { kind: "room", room: "general" },
  payload: JSON.stringify({ type: "message", data: { text } }),
});

Deno.test("a publication reaches the other nodes through Redis, not its own", async () => {
  await withRedis(async (redis, nodes) => {
    nodes.push(
      await startNode(redis.url, "a"),
      await startNode(redis.url, "b"),
      await startNode(redis.url, "c"),
    );
    const sent = delivery("hello ✓\nthere");
    nodes[0].fanout.publish(sent);
    await waitFor(
      () => nodes[1].received.length === 1 && nodes[2].received.length === 1,
      "b and c received it",
    );
    assertEquals(nodes[1].received, [sent]);
    assertEquals(nodes[2].received, [sent]);
    await waitFor(
      () => nodes[0].fanout.stats().echoesIgnored > 0,
      "a saw its echo",
    );
    assertEquals(nodes[0].received, []);
    assertEquals(nodes[0].fanout.stats().connected, true);
  });
});

Deno.test("presence through Redis lists members of every node, also to a latecomer", async () => {
  await withRedis(async (redis, nodes) => {
    nodes.push(await startNode(redis.url, "a"));
    nodes[0].fanout.presence.add("/chat", "general", {
      connectionId: "c1",
      userId: "alice",
      nodeId: "a",
    });
    nodes.push(await startNode(redis.url, "b"));
    nodes[1].fanout.presence.add("/chat", "general", {
      connectionId: "c2",
      nodeId: "b",
    });
    await waitFor(
      () => nodes.every((node) => memberIds(node).length === 2),
      "both nodes list c1 and c2",
    );
    assertEquals(nodes[1].fanout.presence.members("/chat", "general"), [
      { connectionId: "c1", userId: "alice", nodeId: "a" },
      { connectionId: "c2", nodeId: "b" },
    ]);
  });
});

Deno.test("while Redis is down publications are dropped and counted, and delivery resumes after its restart", async () => {
  await withRedis(async (firstRedis, nodes) => {
    let redis = firstRedis;
    nodes.push(
      await startNode(redis.url, "a"),
      await startNode(redis.url, "b"),
    );
    nodes[0].fanout.presence.add("/chat", "general", {
      connectionId: "c1",
      nodeId: "a",
    });
    await waitFor(() => memberIds(nodes[1]).length === 1, "b lists c1");

    await redis.stop();
    await waitFor(
      () => nodes.every((node) => !node.fanout.stats().connected),
      "both nodes noticed the outage",
    );
    // Presence answers may have been dropped too: count from here.
    const droppedBefore = nodes[0].fanout.stats().publishesDropped;
    nodes[0].fanout.publish(delivery("lost"));
    assertEquals(
      nodes[0].fanout.stats().publishesDropped,
      droppedBefore + 1,
    );
    assert(nodes[0].events.some((event) => event.kind === "fanout_outage"));
    assertEquals(nodes[0].fanout.stats().outages, 1);

    redis = await startRedisServer({ port: firstRedis.port });
    try {
      await waitFor(
        () => nodes.every((node) => node.fanout.stats().recoveries === 1),
        "both nodes recovered",
        15_000,
      );
      // The new redis-server knows no subscriptions: only a re-subscribed
      // node can receive this.
      nodes[0].fanout.publish(delivery("after"));
      await waitFor(
        () => nodes[1].received.length === 1,
        "b received the new message",
      );
      assertEquals(JSON.parse(nodes[1].received[0].payload).data.text, "after");
      assertEquals(memberIds(nodes[1]), ["c1"]);
      const recovered = nodes[0].events.find((event) =>
        event.kind === "fanout_recovered"
      );
      assert(recovered !== undefined && recovered.kind === "fanout_recovered");
      // "lost" at least; a node whose subscriber is back before its publisher
      // also drops its answer to the other node's hello.
      assert(recovered.publishesDropped >= 1);
    } finally {
      await Promise.all(nodes.splice(0).map((node) => node.fanout.close()));
      await redis.stop();
    }
  });
});

Deno.test("after Redis restarts, members who joined on each node during and after the outage are listed everywhere, and the change is reported", async () => {
  const first = await startRedisServer();
  const changes = new Map<string, string[]>();
  const nodes: TestNode[] = [];
  let redis: RedisServer | undefined = first;
  try {
    for (const nodeId of ["a", "b"]) {
      changes.set(nodeId, []);
      nodes.push(
        await startNode(first.url, nodeId, {
          heartbeatIntervalMs: 200,
          nodeTimeoutMs: 5_000,
        }, (route, room) => {
          // What the node's members would be told: the list right after the change.
          const node = nodes.find((node) => node.fanout.nodeId === nodeId)!;
          const ids = node.fanout.presence.members(route, room).map((m) =>
            m.connectionId
          );
          changes.get(nodeId)!.push(`${room}: ${ids.join(" ")}`);
        }),
      );
    }
    await waitFor(
      () => nodes.every((node) => node.fanout.stats().liveNodes === 1),
      "the nodes know each other",
    );
    await redis.stop();
    redis = undefined;
    await waitFor(
      () => nodes.every((node) => !node.fanout.stats().connected),
      "both nodes noticed the outage",
    );
    // Joined while Redis is down: the join message is lost.
    nodes[0].fanout.presence.add("/chat", "general", {
      connectionId: "c1",
      nodeId: "a",
    });
    redis = await startRedisServer({ port: first.port });
    await waitFor(
      () => nodes.every((node) => node.fanout.stats().connected),
      "both nodes reconnected",
      15_000,
    );
    // Joined right after: the other node may not be subscribed yet.
    nodes[1].fanout.presence.add("/chat", "general", {
      connectionId: "c2",
      nodeId: "b",
    });
    await waitFor(
      () => nodes.every((node) => memberIds(node).length === 2),
      "both nodes list c1 and c2",
    );
    assertEquals(memberIds(nodes[0]), ["c1", "c2"]);
    assertEquals(memberIds(nodes[1]), ["c1", "c2"]);
    await waitFor(
      () =>
        [...changes.values()].every((list) => list.includes("general: c1 c2")),
      "both nodes reported the complete list",
    );
  } finally {
    await Promise.all(nodes.map((node) => node.fanout.close()));
    await redis?.stop();
  }
});

Deno.test("a node started while Redis is down serves locally and joins once Redis is up", async () => {
  const redis = await startRedisServer();
  const port = redis.port;
  await redis.stop();
  const node = await startNode(`redis://127.0.0.1:${port}`, "early", {
    startTimeoutMs: 300,
  });
  let restarted: RedisServer | undefined;
  let other: TestNode | undefined;
  try {
    assertEquals(node.fanout.stats().connected, false);
    assert(node.events.some((event) => event.kind === "fanout_outage"));
    node.fanout.presence.add("/chat", "general", {
      connectionId: "c1",
      nodeId: "early",
    });
    restarted = await startRedisServer({ port });
    other = await startNode(restarted.url, "late");
    await waitFor(
      () => node.fanout.stats().connected,
      "the early node connected",
      15_000,
    );
    await waitFor(
      () => memberIds(other!).length === 1,
      "the late node lists c1",
    );
    other.fanout.publish(delivery("hi"));
    await waitFor(() => node.received.length === 1, "the early node receives");
  } finally {
    await node.fanout.close();
    await other?.fanout.close();
    await restarted?.stop();
  }
});

Deno.test("applications with different channel prefixes on one Redis do not hear each other", async () => {
  await withRedis(async (redis, nodes) => {
    nodes.push(
      await startNode(redis.url, "a", { channelPrefix: "app-one" }),
      await startNode(redis.url, "b", { channelPrefix: "app-two" }),
      await startNode(redis.url, "c", { channelPrefix: "app-two" }),
    );
    nodes[0].fanout.publish(delivery("one"));
    nodes[1].fanout.publish(delivery("two"));
    await waitFor(
      () => nodes[2].received.length === 1,
      "c received b's message",
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    assertEquals(nodes[1].received, []);
    assertEquals(JSON.parse(nodes[2].received[0].payload).data.text, "two");
  });
});

Deno.test("a Redis fan-out URL or channel prefix that cannot work is a TypeError naming it", () => {
  assertOptionError(
    () => new RedisFanout({ url: "localhost:6379" }),
    TypeError,
    'RedisFanout: url must be a redis:// or rediss:// URL, got "localhost:6379"',
  );
  assertOptionError(
    () =>
      new RedisFanout({
        url: "redis://user:secret@host:6379/x",
        channelPrefix: "a*",
      }),
    TypeError,
    'RedisFanout: channelPrefix must be letters, digits and _ . : - only, got "a*"',
  );
});

Deno.test("a Redis fan-out timeout out of range is a RangeError naming it", () => {
  assertOptionError(
    () => new RedisFanout({ url: "redis://h", startTimeoutMs: 0 }),
    RangeError,
    "RedisFanout: startTimeoutMs must be a positive number, got 0",
  );
  assertOptionError(
    () => new RedisFanout({ url: "redis://h", pingIntervalMs: -1 }),
    RangeError,
    "RedisFanout: pingIntervalMs",
  );
  assertOptionError(
    () => new RedisFanout({ url: "redis://h", reconnectMaxDelayMs: NaN }),
    RangeError,
    "RedisFanout: reconnectMaxDelayMs",
  );
});

Deno.test("a Redis URL with a password is not echoed in errors", () => {
  assertThrows(
    () => new RedisFanout({ url: "http://user:secret@host:6379" }),
    (error: unknown) =>
      error instanceof Error && !error.message.includes("secret"),
  );
});

Deno.test("a misspelled Redis fan-out option is a TypeError suggesting the option", () => {
  assertOptionError(
    () =>
      new RedisFanout(
        {
          url: "redis://h",
          channelPrefx: "my-chat",
        } as ConstructorParameters<typeof RedisFanout>[0],
      ),
    TypeError,
    "RedisFanout: channelPrefx is not an option (did you mean channelPrefix?); known options: nodeId, heartbeatIntervalMs, nodeTimeoutMs, logger, url, channelPrefix, reconnectMaxDelayMs, startTimeoutMs, pingIntervalMs",
  );
});
