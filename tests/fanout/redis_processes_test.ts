import { assert, assertEquals, assertMatch } from "../_helpers/assert.ts";
import {
  type RedisServer,
  startRedisServer,
} from "../_helpers/redis_server.ts";
import {
  type ServeProcess,
  startServeProcess,
} from "../_helpers/fanout_serve_process.ts";
import type { ProbeClient } from "../_helpers/fanout_probe_client.ts";
import {
  assertBroadcastsExactlyOnce,
  assertPresenceEverywhere,
  clientsPerNode,
  closeClients,
  connectSpread,
  type SpreadClients,
} from "../_helpers/fanout_scenario.ts";

const PROCESSES = 3;
const CLIENTS = 30;

async function waitForStats(
  processes: readonly ServeProcess[],
  condition: (stats: Record<string, unknown>) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  const deadlineMs = Date.now() + timeoutMs;
  while (true) {
    const all = await Promise.all(
      processes.map((process) => process.fanoutStats()),
    );
    if (all.every(condition)) return;
    if (Date.now() > deadlineMs) {
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(all)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** While Redis is down a room broadcast still reaches the sender's node, and only it. */
async function assertLocalDeliveryOnly(spread: SpreadClients): Promise<void> {
  const { clients, nodeOf, roomsOf } = spread;
  const sender = clients.find((client) =>
    roomsOf.get(client.connectionId)!.includes("red")
  )!;
  const senderNode = nodeOf.get(sender.connectionId);
  const tag = "outage:room";
  sender.send("toRoom", { room: "red", tag, exceptSelf: false });
  const expected = clients
    .filter((client) =>
      roomsOf.get(client.connectionId)!.includes("red") &&
      nodeOf.get(client.connectionId) === senderNode
    )
    .map((client) => client.connectionId)
    .sort();
  const receivedBy = () =>
    clients.filter((client) => client.probes.some((probe) => probe.tag === tag))
      .map((client) => client.connectionId).sort();
  const deadlineMs = Date.now() + 10_000;
  while (receivedBy().length < expected.length && Date.now() < deadlineMs) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  assertEquals(
    receivedBy(),
    expected,
    "during the outage only the sender's node delivers",
  );
}

Deno.test("three processes sharing a redis-server deliver exactly once, keep delivering locally while it is down, and resume by themselves after its restart", async () => {
  const secret = crypto.randomUUID() + crypto.randomUUID();
  let redis: RedisServer = await startRedisServer();
  const redisPort = redis.port;
  const processes: ServeProcess[] = [];
  const opened: ProbeClient[] = [];
  try {
    const env = {
      FANOUT_JWT_SECRET: secret,
      REDIS_URL: redis.url,
      FANOUT_CHANNEL: `fanout-redis-${crypto.randomUUID()}`,
    };
    processes.push(
      ...await Promise.all(
        Array.from({ length: PROCESSES }, () => startServeProcess({ env })),
      ),
    );
    const spread = await connectSpread(
      processes.map((p) => p.wsUrl),
      secret,
      CLIENTS,
      opened,
    );
    assertEquals(clientsPerNode(spread).size, PROCESSES);

    await assertPresenceEverywhere(spread);
    await assertBroadcastsExactlyOnce(spread, "before");

    await redis.stop();
    await waitForStats(
      processes,
      (stats) => stats.connected === false,
      "every node to see the outage",
    );
    await assertLocalDeliveryOnly(spread);

    redis = await startRedisServer({ port: redisPort });
    await waitForStats(
      processes,
      (stats) => stats.connected === true && (stats.recoveries as number) >= 1,
      "every node to reconnect",
    );
    await assertPresenceEverywhere(spread);
    await assertBroadcastsExactlyOnce(spread, "after");

    const stats = await Promise.all(processes.map((p) => p.fanoutStats()));
    assert(
      stats.some((s) => (s.publishesDropped as number) >= 1),
      "the outage's publication was dropped and counted",
    );
    for (const process of processes) {
      assertMatch(process.output(), /fanout redis outage on node/);
      assertMatch(
        process.output(),
        /fanout redis recovered on node .* after \d+ms/,
      );
    }
  } finally {
    await closeClients(opened);
    await Promise.all(processes.map((process) => process.stop()));
    await redis.stop();
  }
});
