import { assert, assertEquals } from "../_helpers/assert.ts";
import { waitFor } from "../_helpers/server_harness.ts";
import {
  type MemoryNetwork,
  MemoryTransport,
} from "../_helpers/fanout_memory_transport.ts";
import { PresenceTable } from "../../src/fanout/presence_table.ts";
import { ClusterFanout } from "../../src/fanout/cluster_fanout.ts";
import type { PresenceMember } from "../../src/fanout/fanout.ts";

const member = (connectionId: string, nodeId = "a"): PresenceMember => ({
  connectionId,
  nodeId,
});
const entry = (connectionId: string, room = "general", userId?: string) =>
  userId === undefined
    ? { route: "/chat", room, connectionId }
    : { route: "/chat", room, connectionId, userId };

function recordingTable(nodeId = "a") {
  const changes: string[] = [];
  const table = new PresenceTable(nodeId, {
    onChange: (route, room) => changes.push(`${route} ${room}`),
  });
  return { table, changes };
}

Deno.test("every change of a room's member list is reported once, and nothing else is", () => {
  const { table, changes } = recordingTable();
  table.add("/chat", "general", member("c1"));
  table.add("/chat", "general", member("c1"));
  table.applyJoin("b", entry("c2", "random"));
  table.applyJoin("b", entry("c2", "random"));
  table.applyLeave("b", entry("c9", "random"));
  table.remove("/chat", "general", "c1");
  table.remove("/chat", "general", "c1");
  assertEquals(changes, ["/chat general", "/chat random", "/chat general"]);
});

Deno.test("a snapshot reports exactly the rooms whose lists it changed", () => {
  const { table, changes } = recordingTable();
  table.applySnapshot("b", [entry("c1", "kept"), entry("c2", "emptied")]);
  changes.length = 0;
  table.applySnapshot("b", [
    entry("c1", "kept"),
    entry("c3", "new"),
    entry("c4", "kept-but-user-changed", "bob"),
  ]);
  assertEquals(changes.sort(), [
    "/chat emptied",
    "/chat kept-but-user-changed",
    "/chat new",
  ]);
});

Deno.test("a node that said goodbye reports each of its rooms as changed", () => {
  const { table, changes } = recordingTable();
  table.applySnapshot("b", [entry("c1", "one"), entry("c2", "two")]);
  changes.length = 0;
  table.dropNode("b");
  assertEquals(changes.sort(), ["/chat one", "/chat two"]);
  assertEquals(table.members("/chat", "one"), []);
});

Deno.test("digests agree on the same members in any order and disagree after one change", () => {
  const sender = new PresenceTable("b");
  sender.add("/chat", "general", { connectionId: "c1", nodeId: "b" });
  sender.add("/chat", "random", {
    connectionId: "c2",
    userId: "ann",
    nodeId: "b",
  });
  const receiver = new PresenceTable("a");
  receiver.applySnapshot("b", [...sender.localEntries()].reverse());
  assert(receiver.matchesDigest("b", sender.localDigest()));

  sender.add("/chat", "general", { connectionId: "c3", nodeId: "b" });
  assert(!receiver.matchesDigest("b", sender.localDigest()));
  receiver.applyJoin("b", entry("c3"));
  assert(receiver.matchesDigest("b", sender.localDigest()));

  // The same connection under another user is another membership.
  receiver.applyJoin("b", entry("c3", "general", "eve"));
  assert(!receiver.matchesDigest("b", sender.localDigest()));
});

interface TestNode {
  readonly fanout: ClusterFanout;
  readonly transport: MemoryTransport;
  readonly changes: string[];
}

async function startNode(
  network: MemoryNetwork,
  nodeId: string,
): Promise<TestNode> {
  const transport = new MemoryTransport(network);
  const changes: string[] = [];
  const fanout = new ClusterFanout(transport, {
    nodeId,
    heartbeatIntervalMs: 40,
    nodeTimeoutMs: 60_000,
    logger: { log: () => {} },
  });
  await fanout.start({
    deliver: () => {},
    presenceChanged: (route, room) => changes.push(`${route} ${room}`),
  });
  return { fanout, transport, changes };
}

async function withNodes(
  count: number,
  test: (nodes: TestNode[]) => Promise<void>,
): Promise<void> {
  const network: MemoryNetwork = new Set();
  const nodes: TestNode[] = [];
  try {
    for (let index = 0; index < count; index++) {
      nodes.push(await startNode(network, `node-${index}`));
    }
    await test(nodes);
  } finally {
    await Promise.all(nodes.map((node) => node.fanout.close()));
  }
}

const ids = (node: TestNode, room = "general") =>
  node.fanout.presence.members("/chat", room).map((m) => m.connectionId);

Deno.test("a join lost on the way is repaired after the next heartbeat, and the room's change is reported", async () => {
  await withNodes(2, async ([a, b]) => {
    await waitFor(() => b.fanout.stats().liveNodes === 1, "b knows a");
    a.transport.lose = (text) => text.includes('"kind":"join"');
    a.fanout.presence.add("/chat", "general", member("c1", "node-0"));
    b.changes.length = 0;
    await waitFor(() => ids(b).length === 1, "b lists c1 after the repair");
    assertEquals(ids(b), ["c1"]);
    assertEquals(b.changes, ["/chat general"]);
    // The heartbeat's digest disagreed, b asked a for a snapshot, a sent one.
    assert(b.transport.sent.some((text) => text.includes('"kind":"sync"')));
    assert(a.transport.sent.some((text) => text.includes('"kind":"snapshot"')));
  });
});

Deno.test("a leave lost on the way is repaired after the next heartbeat", async () => {
  await withNodes(2, async ([a, b]) => {
    a.fanout.presence.add("/chat", "general", member("c1", "node-0"));
    await waitFor(() => ids(b).length === 1, "b lists c1");
    a.transport.lose = (text) => text.includes('"kind":"leave"');
    a.fanout.presence.remove("/chat", "general", "c1");
    await waitFor(() => ids(b).length === 0, "b no longer lists c1");
  });
});

Deno.test("a heartbeat's size does not grow with the number of members", async () => {
  await withNodes(2, async ([a, b]) => {
    for (let index = 0; index < 10_000; index++) {
      a.fanout.presence.add(
        "/chat",
        `room-${index % 100}`,
        member(`connection-${index}`, "node-0"),
      );
    }
    await waitFor(
      () => b.fanout.presence.members("/chat", "room-7").length === 100,
      "b lists a's members",
    );
    const heartbeatCount = () =>
      a.transport.sent.filter((text) => text.includes('"kind":"heartbeat"'))
        .length;
    const before = heartbeatCount();
    await waitFor(() => heartbeatCount() >= before + 2, "two more heartbeats");
    const heartbeats = a.transport.sent.filter((text) =>
      text.includes('"kind":"heartbeat"')
    );
    for (const text of heartbeats) assert(text.length < 150, text);
    // b agrees with every digest, so it asks for no snapshot.
    const syncsBefore = b.transport.sent.filter((text) =>
      text.includes('"kind":"sync"')
    ).length;
    const beats = heartbeatCount();
    await waitFor(() => heartbeatCount() >= beats + 2, "two more heartbeats");
    assertEquals(
      b.transport.sent.filter((text) => text.includes('"kind":"sync"')).length,
      syncsBefore,
    );
  });
});

Deno.test("one snapshot answers the requests of every node that missed a change", async () => {
  await withNodes(4, async ([a, ...others]) => {
    await waitFor(
      () => others.every((node) => node.fanout.stats().liveNodes === 3),
      "every node knows every other",
    );
    a.transport.lose = (text) => text.includes('"kind":"join"');
    const snapshots = () =>
      a.transport.sent.filter((text) => text.includes('"kind":"snapshot"'))
        .length;
    const before = snapshots();
    a.fanout.presence.add("/chat", "general", member("c1", "node-0"));
    await waitFor(
      () => others.every((node) => ids(node).length === 1),
      "every node lists c1",
    );
    assertEquals(snapshots() - before, 1);
  });
});

Deno.test("each other node's arrival is logged once, however many messages it sends", async () => {
  const network: MemoryNetwork = new Set();
  const logs = new Map<string, string[]>();
  const nodes: { fanout: ClusterFanout; transport: MemoryTransport }[] = [];
  try {
    for (const nodeId of ["a", "b", "c"]) {
      const events: string[] = [];
      logs.set(nodeId, events);
      const transport = new MemoryTransport(network);
      const fanout = new ClusterFanout(transport, {
        nodeId,
        heartbeatIntervalMs: 20,
        logger: {
          log: (event) => {
            if (event.kind === "fanout_node_joined") {
              events.push(event.otherNodeId);
            }
          },
        },
      });
      await fanout.start({ deliver: () => {} });
      nodes.push({ fanout, transport });
    }
    nodes[0].fanout.presence.add("/chat", "general", member("c1"));
    // hello, snapshots, a join and several heartbeats from everyone
    await waitFor(
      () =>
        nodes.every(({ transport }) =>
          transport.sent.filter((text) => text.includes('"kind":"heartbeat"'))
            .length >= 5
        ),
      "five heartbeats from every node",
    );
    assertEquals(logs.get("a")!.sort(), ["b", "c"]);
    assertEquals(logs.get("b")!.sort(), ["a", "c"]);
    assertEquals(logs.get("c")!.sort(), ["a", "b"]);
  } finally {
    await Promise.all(nodes.map(({ fanout }) => fanout.close()));
  }
});
