/**
 * Chaos, bounded (under a minute): three `deno serve` processes on one
 * redis-server, 30 clients in 5 rooms, the clients of two nodes sending
 * steadily while Redis restarts twice and the third node is killed
 * (SIGKILL) and started again. What must hold:
 * - the processes that were not killed never crash, and stop cleanly;
 * - per receiving node, every delivery the other node published either
 *   reached every member of its room there exactly once, or is counted in
 *   `deliveriesLost` (received + lost = published);
 * - every delivery reaches the members on the sender's own node, outages
 *   or not;
 * - presence of every room converges to the true member set within two
 *   heartbeats after the last fault.
 *
 * @module
 */
import { assert, assertEquals } from "../_helpers/assert.ts";
import {
  type RedisServer,
  startRedisServer,
} from "../_helpers/redis_server.ts";
import {
  type ServeProcess,
  startServeProcess,
} from "../_helpers/fanout_serve_process.ts";
import {
  connectProbeClient,
  type ProbeClient,
} from "../_helpers/fanout_probe_client.ts";
import { closeClients } from "../_helpers/fanout_scenario.ts";

const ROOMS = ["r0", "r1", "r2", "r3", "r4"];
const CLIENTS_PER_ROOM_PER_NODE = 2;
/** The fixture server's heartbeat (tests/_fixtures/fanout_server.ts). */
const HEARTBEAT_MS = 1_000;
const SEND_INTERVAL_MS = 100;

interface Member {
  readonly client: ProbeClient;
  readonly room: string;
  readonly node: string;
}

type Stats = Record<string, number | string | boolean>;

async function connectMembers(
  process: ServeProcess,
  node: string,
  secret: string,
): Promise<Member[]> {
  const members: Member[] = [];
  for (const room of ROOMS) {
    for (let index = 0; index < CLIENTS_PER_ROOM_PER_NODE; index++) {
      const client = await connectProbeClient(
        process.wsUrl,
        secret,
        `${node}-${room}-${index}`,
      );
      members.push({ client, room, node });
      await client.call("join", { room });
    }
  }
  return members;
}

/** Polls until `condition` holds; returns how long it took. */
async function waitUntil(
  condition: () => Promise<boolean>,
  what: string,
  timeoutMs: number,
): Promise<number> {
  const startedMs = performance.now();
  while (!await condition()) {
    if (performance.now() - startedMs > timeoutMs) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return performance.now() - startedMs;
}

const allConnected = (processes: ServeProcess[]) => async () =>
  (await Promise.all(processes.map((p) => p.fanoutStats()))).every((s) =>
    s.connected === true
  );

/** True if every node lists exactly the connected members of every room. */
async function presenceConverged(
  members: readonly Member[],
): Promise<boolean> {
  for (const room of ROOMS) {
    const expected = members.filter((m) => m.room === room)
      .map((m) => m.client.connectionId).sort();
    const askers = new Map<string, Member>();
    for (const member of members) {
      if (member.room === room) askers.set(member.node, member);
    }
    for (const asker of askers.values()) {
      const { members: listed } = await asker.client.call("presence", {
        room,
      }) as { members: { connectionId: string }[] };
      const ids = listed.map((m) => m.connectionId).sort();
      if (JSON.stringify(ids) !== JSON.stringify(expected)) return false;
    }
  }
  return true;
}

Deno.test("under Redis restarts and a killed node, nothing is delivered twice, every lost delivery is counted, survivors never crash and presence converges within two heartbeats", async () => {
  const secret = crypto.randomUUID() + crypto.randomUUID();
  const firstRedis = await startRedisServer();
  let redis: RedisServer | undefined = firstRedis;
  const env = {
    FANOUT_JWT_SECRET: secret,
    REDIS_URL: firstRedis.url,
    FANOUT_CHANNEL: `chaos-${crypto.randomUUID()}`,
    FANOUT_MESSAGES_PER_SECOND: "1000",
  };
  const processes: ServeProcess[] = [];
  const clients: ProbeClient[] = [];
  let sender: ReturnType<typeof setInterval> | undefined;
  try {
    const [a, b, c] = await Promise.all(
      [0, 1, 2].map(() => startServeProcess({ env })),
    );
    processes.push(a, b, c);
    await waitUntil(
      async () =>
        (await Promise.all(processes.map((p) => p.fanoutStats()))).every((s) =>
          s.liveNodes === 2
        ),
      "every node to know the other two",
      20_000,
    );
    const stable = [
      ...await connectMembers(a, "a", secret),
      ...await connectMembers(b, "b", secret),
    ];
    let victims = await connectMembers(c, "c", secret);
    clients.push(...[...stable, ...victims].map((m) => m.client));
    await waitUntil(
      () => presenceConverged([...stable, ...victims]),
      "presence before the faults",
      10_000,
    );

    // The clients of a and b send steadily, each message tagged uniquely.
    const sent = new Map<string, { room: string; node: string }>();
    let round = 0;
    sender = setInterval(() => {
      round++;
      for (const { client, room, node } of stable) {
        const tag = `${client.connectionId}#${round}`;
        sent.set(tag, { room, node });
        client.send("toRoom", { room, tag, exceptSelf: false });
      }
    }, SEND_INTERVAL_MS);

    const restartRedis = async () => {
      await redis!.stop();
      redis = undefined;
      await new Promise((resolve) => setTimeout(resolve, 500));
      redis = await startRedisServer({ port: firstRedis.port });
      await waitUntil(allConnected(processes), "reconnection", 20_000);
    };

    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await restartRedis();
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    // Node c dies without a word; a new c takes its place, with new clients.
    await c.stop("SIGKILL");
    await closeClients(victims.map((m) => m.client));
    const c2 = await startServeProcess({ env });
    processes[2] = c2;
    victims = await connectMembers(c2, "c2", secret);
    clients.push(...victims.map((m) => m.client));
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    await restartRedis(); // returns once every node is connected again
    const convergedAfterMs = await waitUntil(
      () => presenceConverged([...stable, ...victims]),
      "presence after the last fault",
      10_000,
    );
    assert(
      convergedAfterMs <= 2 * HEARTBEAT_MS,
      `presence converged ${
        Math.round(convergedAfterMs)
      } ms after the last fault`,
    );

    // Keep sending past the last fault, so every gap is followed by a
    // delivery that reveals it, then stop and let the last ones arrive.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    clearInterval(sender);
    sender = undefined;
    const expectedTotals = async () => {
      const [statsA, statsB] = await Promise.all(
        [a, b].map((p) => p.fanoutStats()),
      ) as [Stats, Stats];
      return [
        [statsA, statsB],
        [statsB, statsA],
      ].every(([receiver, publisher]) =>
        (receiver.deliveriesReceived as number) +
            (receiver.deliveriesLost as number) ===
          publisher.deliveriesPublished
      );
    };
    await waitUntil(expectedTotals, "received + lost = published", 10_000);
    const ownTags = (member: Member) =>
      [...sent].filter(([, s]) =>
        s.node === member.node && s.room === member.room
      )
        .map(([tag]) => tag).sort();
    const receivedFrom = (member: Member, origin: string) =>
      member.client.probes.filter((probe) =>
        sent.get(probe.tag)?.node === origin
      )
        .map((probe) => probe.tag).sort();
    await waitUntil(
      () =>
        Promise.resolve(
          stable.every((member) =>
            receivedFrom(member, member.node).length ===
              ownTags(member).length
          ),
        ),
      "the last local deliveries",
      10_000,
    );

    const [statsA, statsB] = await Promise.all(
      [a, b].map((p) => p.fanoutStats()),
    ) as [Stats, Stats];
    assert(
      (statsA.deliveriesLost as number) + (statsB.deliveriesLost as number) >
        0,
      "Redis restarts lose deliveries between nodes, and they are counted",
    );
    for (
      const [node, stats, other] of [["a", statsA, "b"], [
        "b",
        statsB,
        "a",
      ]] as const
    ) {
      const members = stable.filter((m) => m.node === node);
      // No member got anything twice.
      for (const member of members) {
        const tags = member.client.probes.map((probe) => probe.tag);
        assertEquals(new Set(tags).size, tags.length, "no duplicates");
      }
      // Every delivery of the node's own clients reached its members here.
      for (const member of members) {
        assertEquals(receivedFrom(member, node), ownTags(member));
      }
      // A delivery from the other node reached all of a room's members here or none.
      let deliveredHere = 0;
      for (const room of ROOMS) {
        const [first, ...rest] = members.filter((m) => m.room === room);
        const got = receivedFrom(first, other);
        for (const member of rest) {
          assertEquals(receivedFrom(member, other), got, room);
        }
        deliveredHere += got.length;
      }
      assertEquals(deliveredHere, stats.deliveriesReceived);
    }
    // The survivors are still up and stop cleanly.
    for (const survivor of [a, b]) {
      assertEquals(await survivor.stop("SIGTERM"), 0, survivor.output());
    }
  } finally {
    clearInterval(sender);
    await closeClients(clients);
    await Promise.all(processes.map((process) => process.stop("SIGKILL")));
    await redis?.stop();
  }
});
