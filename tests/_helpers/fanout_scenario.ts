/**
 * The delivery and presence scenario the fan-out integration tests run
 * against several nodes: clients spread over the nodes, rooms with members
 * on every node, then room, room-except-sender, user and global broadcasts
 * sent from every node, each checked to reach every intended connection
 * exactly once and nobody else.
 *
 * @module
 */
import { assert, assertEquals } from "./assert.ts";
import { connectProbeClient, type ProbeClient } from "./fanout_probe_client.ts";

/** Connected clients and the node each one landed on. */
export interface SpreadClients {
  readonly clients: ProbeClient[];
  /** Node id by connection id. */
  readonly nodeOf: ReadonlyMap<string, string>;
  /** The rooms each client joined, by connection id. */
  readonly roomsOf: ReadonlyMap<string, readonly string[]>;
}

/**
 * Room names: client `i` of `n` URLs joins `ROOMS[floor(i / n) % 3]` unless
 * that is undefined, so every node gets members of every room.
 */
const ROOMS = ["red", "blue", undefined] as const;
const USERS = 10;

/**
 * Connects `count` clients, client `i` to `wsUrls[i % wsUrls.length]` as
 * user `u<i % 10>`, asks each which node it is on, and joins its room (see
 * `ROOMS`).
 * Always returns the clients it opened, even on failure, via `opened`.
 */
export async function connectSpread(
  wsUrls: readonly string[],
  secret: string,
  count: number,
  opened: ProbeClient[],
): Promise<SpreadClients> {
  const nodeOf = new Map<string, string>();
  const roomsOf = new Map<string, string[]>();
  // A few at a time: a connection storm of 50 on a loaded 2-core machine
  // only tests the machine.
  for (let start = 0; start < count; start += 10) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(10, count - start) }, (_, offset) => {
        const i = start + offset;
        return connectProbeClient(
          wsUrls[i % wsUrls.length],
          secret,
          `u${i % USERS}`,
        );
      }),
    );
    opened.push(...batch);
  }
  await Promise.all(opened.map(async (client, i) => {
    const { nodeId } = await client.call("whoami", { verbose: false }) as {
      nodeId: string;
    };
    nodeOf.set(client.connectionId, nodeId);
    const room = ROOMS[Math.floor(i / wsUrls.length) % ROOMS.length];
    roomsOf.set(client.connectionId, room === undefined ? [] : [room]);
    if (room !== undefined) await client.call("join", { room });
  }));
  return { clients: opened, nodeOf, roomsOf };
}

/** The distinct node ids, with how many clients each has. */
export function clientsPerNode(spread: SpreadClients): Map<string, number> {
  const counts = new Map<string, number>();
  for (const nodeId of spread.nodeOf.values()) {
    counts.set(nodeId, (counts.get(nodeId) ?? 0) + 1);
  }
  return counts;
}

/**
 * Waits until a client on every node reports the full membership of every
 * room, then checks it is sorted by connection id and names members' nodes.
 */
export async function assertPresenceEverywhere(
  spread: SpreadClients,
  timeoutMs = 20_000,
): Promise<void> {
  const oneClientPerNode = new Map<string, ProbeClient>();
  for (const client of spread.clients) {
    oneClientPerNode.set(spread.nodeOf.get(client.connectionId)!, client);
  }
  for (const room of ROOMS) {
    if (room === undefined) continue;
    const expected = spread.clients
      .filter((client) =>
        spread.roomsOf.get(client.connectionId)!.includes(room)
      )
      .map((client) => ({
        connectionId: client.connectionId,
        userId: client.userId,
        nodeId: spread.nodeOf.get(client.connectionId)!,
      }))
      .sort((a, b) => a.connectionId < b.connectionId ? -1 : 1);
    for (const [nodeId, client] of oneClientPerNode) {
      const deadlineMs = Date.now() + timeoutMs;
      let members: unknown[] = [];
      while (Date.now() < deadlineMs) {
        ({ members } = await client.call("presence", { room }) as {
          members: unknown[];
        });
        if (members.length === expected.length) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assertEquals(
        members,
        expected,
        `presence of ${room} as seen from node ${nodeId}`,
      );
    }
  }
}

interface PlannedBroadcast {
  readonly tag: string;
  readonly sender: ProbeClient;
  readonly type: "toRoom" | "toUser" | "toAll";
  readonly data: Record<string, unknown>;
  readonly expected: readonly string[];
}

/**
 * From one client on each node: a room broadcast, a room broadcast leaving
 * the sender out, a broadcast to a user with connections on several nodes,
 * and a global one. Waits for every expected probe, then a quiet
 * `settleMs` to catch duplicates and strays, and checks each tag reached
 * exactly its intended connections, once each. Returns how many probes
 * were delivered.
 */
export async function assertBroadcastsExactlyOnce(
  spread: SpreadClients,
  runTag: string,
  { timeoutMs = 20_000, settleMs = 750 } = {},
): Promise<number> {
  const { clients, nodeOf, roomsOf } = spread;
  const inRoom = (client: ProbeClient, room: string) =>
    roomsOf.get(client.connectionId)!.includes(room);
  const ids = (list: ProbeClient[]) =>
    list.map((client) => client.connectionId).sort();
  const plan: PlannedBroadcast[] = [];
  for (const nodeId of new Set(nodeOf.values())) {
    const local = clients.filter((client) =>
      nodeOf.get(client.connectionId) === nodeId
    );
    const redSender = local.find((client) => inRoom(client, "red"));
    const blueSender = local.find((client) => inRoom(client, "blue"));
    assert(
      redSender && blueSender,
      `node ${nodeId} has members of red and blue`,
    );
    const anySender = local[local.length - 1];
    const targetUser = clients.find((client) =>
      nodeOf.get(client.connectionId) !== nodeId
    )!.userId;
    const tag = (kind: string) => `${runTag}:${kind}:${nodeId}`;
    plan.push(
      {
        tag: tag("room"),
        sender: redSender,
        type: "toRoom",
        data: { room: "red", exceptSelf: false },
        expected: ids(clients.filter((client) => inRoom(client, "red"))),
      },
      {
        tag: tag("room-except"),
        sender: blueSender,
        type: "toRoom",
        data: { room: "blue", exceptSelf: true },
        expected: ids(
          clients.filter((client) =>
            inRoom(client, "blue") && client !== blueSender
          ),
        ),
      },
      {
        tag: tag("user"),
        sender: anySender,
        type: "toUser",
        data: { user: targetUser },
        expected: ids(clients.filter((client) => client.userId === targetUser)),
      },
      {
        tag: tag("all"),
        sender: anySender,
        type: "toAll",
        data: {},
        expected: ids(clients),
      },
    );
  }
  for (const { tag, sender, type, data } of plan) {
    sender.send(type, { ...data, tag });
  }

  const receivedBy = (tag: string) =>
    clients.flatMap((client) =>
      client.probes.filter((probe) => probe.tag === tag).map(() =>
        client.connectionId
      )
    ).sort();
  const total = plan.reduce((sum, { expected }) => sum + expected.length, 0);
  const countAll = () =>
    plan.reduce((sum, { tag }) => sum + receivedBy(tag).length, 0);
  const deadlineMs = Date.now() + timeoutMs;
  while (countAll() < total && Date.now() < deadlineMs) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  for (const { tag, expected } of plan) {
    assertEquals(receivedBy(tag), expected, `receivers of ${tag}, once each`);
  }
  return total;
}

/** Closes every client, whatever happened. */
export async function closeClients(
  clients: readonly ProbeClient[],
): Promise<void> {
  await Promise.all(clients.map((client) => client.close()));
}
