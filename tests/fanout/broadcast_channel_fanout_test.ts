import {
  assertEquals,
  assertRejects,
  assertStrictEquals,
} from "../_helpers/assert.ts";
import { waitFor } from "../_helpers/server_harness.ts";
import { BroadcastChannelFanout } from "../../src/fanout/broadcast_channel_fanout.ts";
import type { Delivery } from "../../src/fanout/fanout.ts";
import type {
  FanoutLogEvent,
  FanoutLogger,
} from "../../src/fanout/fanout_logger.ts";
import { assertOptionError } from "../_helpers/option_error.ts";
import { FanoutError } from "../../src/fanout/fanout_error.ts";
import { ClusterFanout } from "../../src/fanout/cluster_fanout.ts";
import type { FanoutTransport } from "../../src/fanout/fanout_transport.ts";

interface TestNode {
  readonly fanout: BroadcastChannelFanout;
  readonly received: Delivery[];
  readonly events: FanoutLogEvent[];
}

/**
 * Starts `count` nodes on a channel of their own, so tests do not hear each
 * other; `await using` closes them at the end of the scope.
 */
async function startNodes(
  count: number,
  options: {
    heartbeatIntervalMs?: number;
    nodeTimeoutMs?: number;
    channel?: string;
    /** Node ids are `<prefix>-<index>`; nodes sharing a channel need distinct prefixes. */
    prefix?: string;
  } = {},
): Promise<TestNode[] & AsyncDisposable> {
  const channel = options.channel ?? `fanout-test-${crypto.randomUUID()}`;
  const nodes: TestNode[] = [];
  for (let i = 0; i < count; i++) {
    const received: Delivery[] = [];
    const events: FanoutLogEvent[] = [];
    const fanout = new BroadcastChannelFanout({
      channel,
      nodeId: `${options.prefix ?? "node"}-${i}`,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 60_000,
      nodeTimeoutMs: options.nodeTimeoutMs ?? 180_000,
      logger: { log: (event) => events.push(event) },
    });
    await fanout.start({ deliver: (delivery) => received.push(delivery) });
    nodes.push({ fanout, received, events });
  }
  return Object.assign(nodes, {
    [Symbol.asyncDispose]: () => closeAll(nodes),
  });
}

async function closeAll(nodes: readonly TestNode[]): Promise<void> {
  await Promise.all(nodes.map((node) => node.fanout.close()));
}

function memberIds(node: TestNode, room = "general"): string[] {
  return node.fanout.presence.members("/chat", room).map((m) => m.connectionId);
}

Deno.test("a publication reaches every other node with the payload string unchanged", async () => {
  await using nodes = await startNodes(3);
  const payload =
    '{"type":"message","data":{"text":"line one\\nline two ✓ \\u2028"}}';
  const delivery: Delivery = {
    route: "/chat",
    target: { kind: "room", room: "general", exceptConnectionId: "c1" },
    payload,
  };
  nodes[0].fanout.publish(delivery);
  await waitFor(
    () => nodes[1].received.length === 1 && nodes[2].received.length === 1,
    "both other nodes received the delivery",
  );
  assertEquals(nodes[1].received, [delivery]);
  assertStrictEquals(nodes[2].received[0].payload, payload);
  assertEquals(nodes[0].received, []);
});

Deno.test("every kind of target crosses nodes intact", async () => {
  await using nodes = await startNodes(2);
  const targets: Delivery["target"][] = [
    { kind: "connection", connectionId: "c9" },
    { kind: "user", userId: "alice" },
    { kind: "room", room: "general" },
    { kind: "all" },
  ];
  for (const target of targets) {
    nodes[0].fanout.publish({ route: "/chat", target, payload: "{}" });
  }
  await waitFor(() => nodes[1].received.length === 4, "four deliveries");
  assertEquals(nodes[1].received.map((d) => d.target), targets);
  assertEquals(nodes[0].fanout.stats().deliveriesPublished, 4);
  assertEquals(nodes[1].fanout.stats().deliveriesReceived, 4);
});

Deno.test("a member joining on one node is listed by the others", async () => {
  await using nodes = await startNodes(2);
  nodes[0].fanout.presence.add("/chat", "general", {
    connectionId: "c1",
    userId: "alice",
    nodeId: nodes[0].fanout.nodeId,
  });
  nodes[1].fanout.presence.add("/chat", "general", {
    connectionId: "c2",
    nodeId: nodes[1].fanout.nodeId,
  });
  await waitFor(
    () => nodes.every((node) => memberIds(node).length === 2),
    "both nodes list both members",
  );
  assertEquals(nodes[1].fanout.presence.members("/chat", "general"), [
    { connectionId: "c1", userId: "alice", nodeId: "node-0" },
    { connectionId: "c2", nodeId: "node-1" },
  ]);
  nodes[0].fanout.presence.remove("/chat", "general", "c1");
  await waitFor(() => memberIds(nodes[1]).length === 1, "the leave arrived");
  assertEquals(memberIds(nodes[1]), ["c2"]);
});

Deno.test("a node that starts late learns the existing members without waiting for a heartbeat", async () => {
  const channel = `fanout-test-${crypto.randomUUID()}`;
  await using earlyNodes = await startNodes(1, { channel });
  const [early] = earlyNodes;
  early.fanout.presence.add("/chat", "general", {
    connectionId: "c1",
    nodeId: "node-0",
  });
  await using late = await startNodes(1, { channel, prefix: "late" });
  // Heartbeats are a minute apart here: only the newcomer's hello can explain it.
  await waitFor(
    () => memberIds(late[0]).length === 1,
    "the newcomer lists c1",
  );
  assertEquals(
    late[0].fanout.presence.members("/chat", "general")[0].nodeId,
    "node-0",
  );
});

Deno.test("the members of a node that shut down disappear from the others at once", async () => {
  await using nodes = await startNodes(2);
  nodes[0].fanout.presence.add("/chat", "general", {
    connectionId: "c1",
    nodeId: "node-0",
  });
  await waitFor(() => memberIds(nodes[1]).length === 1, "c1 is listed");
  await nodes[0].fanout.close();
  await waitFor(() => memberIds(nodes[1]).length === 0, "c1 is gone");
  assertEquals(
    nodes[1].events.filter((e) => e.kind === "fanout_node_left").length,
    1,
  );
});

Deno.test("the members of a node whose heartbeats stop are dropped after the timeout", async () => {
  const channel = `fanout-test-${crypto.randomUUID()}`;
  const nodes = await startNodes(1, {
    channel,
    heartbeatIntervalMs: 100,
    nodeTimeoutMs: 400,
  });
  // A node that crashed: it sent one snapshot, then nothing, not even goodbye.
  const crashed = new BroadcastChannel(channel);
  try {
    crashed.postMessage(JSON.stringify({
      v: 2,
      kind: "snapshot",
      origin: "crashed-node",
      seq: 0,
      entries: [{ route: "/chat", room: "general", connectionId: "ghost" }],
    }));
    await waitFor(
      () => memberIds(nodes[0]).length === 1,
      "the ghost is listed",
    );
    await waitFor(
      () => memberIds(nodes[0]).length === 0,
      "the ghost is dropped",
      5_000,
    );
    await waitFor(
      () => nodes[0].events.some((e) => e.kind === "fanout_node_lost"),
      "the loss is logged",
    );
  } finally {
    crashed.close();
    await closeAll(nodes);
  }
});

Deno.test("heartbeats keep a live node's members listed past the timeout", async () => {
  await using nodes = await startNodes(2, {
    heartbeatIntervalMs: 100,
    nodeTimeoutMs: 400,
  });
  nodes[0].fanout.presence.add("/chat", "general", {
    connectionId: "c1",
    nodeId: "node-0",
  });
  await waitFor(() => memberIds(nodes[1]).length === 1, "c1 is listed");
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  assertEquals(memberIds(nodes[1]), ["c1"]);
  assertEquals(nodes[1].fanout.stats().liveNodes, 1);
});

Deno.test("messages of another format on the channel are counted and ignored", async () => {
  const channel = `fanout-test-${crypto.randomUUID()}`;
  const nodes = await startNodes(1, { channel });
  const stranger = new BroadcastChannel(channel);
  try {
    stranger.postMessage("not json");
    stranger.postMessage({ some: "object" });
    stranger.postMessage(
      JSON.stringify({ v: 99, kind: "delivery", origin: "x" }),
    );
    stranger.postMessage(
      '{"v":2,"kind":"delivery","origin":"x","seq":0,"deliverySeq":0,"route":"/chat","target":{"kind":"nobody"}}\n{}',
    );
    await waitFor(
      () => nodes[0].fanout.stats().malformedMessages === 4,
      "four malformed",
    );
    assertEquals(nodes[0].received, []);
  } finally {
    stranger.close();
    await closeAll(nodes);
  }
});

Deno.test("applications on different channels do not hear each other", async () => {
  await using a = await startNodes(1);
  await using b = await startNodes(1);
  a[0].fanout.publish({
    route: "/chat",
    target: { kind: "all" },
    payload: "{}",
  });
  a[0].fanout.presence.add("/chat", "general", {
    connectionId: "c1",
    nodeId: "node-0",
  });
  await new Promise((resolve) => setTimeout(resolve, 200));
  assertEquals(b[0].received, []);
  assertEquals(memberIds(b[0]), []);
});

Deno.test("starting a fan-out twice is refused", async () => {
  await using nodes = await startNodes(1);
  await assertRejects(
    () => nodes[0].fanout.start({ deliver: () => {} }),
    (error: unknown) =>
      error instanceof FanoutError && error.code === "already_started",
  );
});

Deno.test("an empty channel name is a TypeError naming the option", () => {
  assertOptionError(
    () => new BroadcastChannelFanout({ channel: "" }),
    TypeError,
    'BroadcastChannelFanout: channel must be a non-empty string, got ""',
  );
});

Deno.test("cluster timings out of range are RangeErrors naming the option", () => {
  assertOptionError(
    () =>
      new BroadcastChannelFanout({
        heartbeatIntervalMs: 5_000,
        nodeTimeoutMs: 5_000,
      }),
    RangeError,
    "BroadcastChannelFanout: nodeTimeoutMs (5000) must be longer than heartbeatIntervalMs",
  );
  assertOptionError(
    () => new BroadcastChannelFanout({ heartbeatIntervalMs: -1 }),
    RangeError,
    "BroadcastChannelFanout: heartbeatIntervalMs must be a positive number, got -1",
  );
});

Deno.test("a cluster node id or logger of the wrong kind is a TypeError naming the option", () => {
  assertOptionError(
    () => new BroadcastChannelFanout({ nodeId: "" }),
    TypeError,
    "BroadcastChannelFanout: nodeId must be a non-empty string",
  );
  assertOptionError(
    () =>
      new BroadcastChannelFanout({
        logger: console.log as unknown as FanoutLogger,
      }),
    TypeError,
    "BroadcastChannelFanout: logger must be an object with a log(event) method",
  );
});

Deno.test("a burst of publications from another isolate arrives complete and in order", async () => {
  const channel = `fanout-test-${crypto.randomUUID()}`;
  const nodes = await startNodes(1, { channel });
  const worker = new Worker(
    new URL("../_fixtures/fanout_burst_worker.ts", import.meta.url),
    { type: "module" },
  );
  try {
    // Deno's BroadcastChannel drops posts beyond a few hundred queued for a
    // receiver in another isolate; this burst only arrives whole because
    // the transport batches it.
    const count = 3_000;
    const done = new Promise((resolve) => worker.onmessage = resolve);
    worker.postMessage({ channel, count });
    await done;
    await waitFor(
      () => nodes[0].received.length === count,
      `${count} deliveries`,
    );
    assertEquals(
      nodes[0].received.map((delivery) => delivery.payload),
      Array.from({ length: count }, (_, i) => String(i)),
    );
    assertEquals(nodes[0].fanout.stats().messagesLost, 0);
  } finally {
    worker.terminate();
    await closeAll(nodes);
  }
});

Deno.test("messages missing from another node's sequence are counted and logged as lost", async () => {
  const channel = `fanout-test-${crypto.randomUUID()}`;
  const nodes = await startNodes(1, {
    channel,
    heartbeatIntervalMs: 100,
    nodeTimeoutMs: 10_000,
  });
  const other = new BroadcastChannel(channel);
  try {
    for (const seq of [0, 1, 5]) {
      other.postMessage(
        JSON.stringify({ v: 2, origin: "other", seq, kind: "hello" }),
      );
    }
    await waitFor(
      () => nodes[0].fanout.stats().messagesLost === 3,
      "3 lost (seq 2, 3, 4)",
    );
    await waitFor(
      () =>
        nodes[0].events.some((event) =>
          event.kind === "fanout_messages_lost" && event.count === 3
        ),
      "the loss is logged",
    );
  } finally {
    other.close();
    await closeAll(nodes);
  }
});

Deno.test("deliveries missing from another node are counted apart from its other messages", async () => {
  const channel = `fanout-test-${crypto.randomUUID()}`;
  const nodes = await startNodes(1, { channel });
  const other = new BroadcastChannel(channel);
  const delivery = (seq: number, deliverySeq: number) =>
    JSON.stringify({
      v: 2,
      origin: "other",
      seq,
      kind: "delivery",
      deliverySeq,
      route: "/chat",
      target: { kind: "all" },
    }) + "\n{}";
  try {
    // Lost: message 1 (a presence message) and 3 (delivery 1).
    other.postMessage(delivery(0, 0));
    other.postMessage(
      JSON.stringify({ v: 2, origin: "other", seq: 2, kind: "hello" }),
    );
    other.postMessage(delivery(4, 2));
    await waitFor(
      () => nodes[0].received.length === 2,
      "the two deliveries that were sent arrived",
    );
    const stats = nodes[0].fanout.stats();
    assertEquals(stats.messagesLost, 2);
    assertEquals(stats.deliveriesLost, 1);
  } finally {
    other.close();
    await closeAll(nodes);
  }
});

Deno.test("a misspelled broadcast-channel fan-out option is a TypeError suggesting the option", () => {
  assertOptionError(
    () =>
      new BroadcastChannelFanout(
        { chanel: "my-chat" } as ConstructorParameters<
          typeof BroadcastChannelFanout
        >[0],
      ),
    TypeError,
    "BroadcastChannelFanout: chanel is not an option (did you mean channel?); known options: nodeId, heartbeatIntervalMs, nodeTimeoutMs, logger, channel",
  );
});

Deno.test("a misspelled option of a cluster fan-out over a custom transport is a TypeError suggesting it", () => {
  const transport = { name: "custom" } as unknown as FanoutTransport;
  assertOptionError(
    () =>
      new ClusterFanout(
        transport,
        {
          heartbeatInterval: 1_000,
        } as ConstructorParameters<typeof ClusterFanout>[1],
      ),
    TypeError,
    "ClusterFanout: heartbeatInterval is not an option (did you mean heartbeatIntervalMs?); known options: nodeId, heartbeatIntervalMs, nodeTimeoutMs, logger",
  );
});
