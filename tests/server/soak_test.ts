import { assert, assertEquals } from "../_helpers/assert.ts";
import { openWsClient, type WsTestClient } from "../_helpers/ws_client.ts";
import { startServerProcess } from "../_helpers/server_process.ts";

const CLIENTS = 300;
const ROOMS = 10;
const MESSAGES_PER_CLIENT = 5;
const ROUNDS = 4;
const SOAK_BUDGET_MS = 30_000;
/** Heap growth allowed between the first and the last round. */
const MAX_HEAP_GROWTH_BYTES = 2 * 1024 * 1024;

interface MemoryReport {
  readonly heapUsedBytes: number;
  readonly stats: {
    readonly openConnections: number;
    readonly connectionsAccepted: number;
  };
  readonly occupiedRooms: number;
}

/** Connects every client, joins its room, sends, checks delivery, leaves and closes. */
async function playRound(wsUrl: string, round: number): Promise<void> {
  const clients: WsTestClient[] = [];
  try {
    for (let i = 0; i < CLIENTS; i += 50) {
      clients.push(
        ...await Promise.all(
          Array.from(
            { length: Math.min(50, CLIENTS - i) },
            () => openWsClient(wsUrl),
          ),
        ),
      );
    }
    // Everyone is in before anyone speaks: a client's own "joined" comes
    // back once its join took effect.
    await Promise.all(clients.map(async (client, i) => {
      const welcome = await client.nextOfType("welcome");
      const me = `guest-${
        (welcome.data as { connectionId: string }).connectionId.slice(0, 8)
      }`;
      client.send({ type: "join", data: { room: `room-${i % ROOMS}` } });
      let joinedUser = "";
      while (joinedUser !== me) {
        const joined = await client.nextOfType("joined", 20_000);
        joinedUser = (joined.data as { user: string }).user;
      }
    }));
    clients.forEach((client, i) => {
      for (let k = 0; k < MESSAGES_PER_CLIENT; k++) {
        client.send({
          type: "say",
          data: { room: `room-${i % ROOMS}`, text: `${round}:${i}:${k}` },
        });
      }
    });
    const perRoom = CLIENTS / ROOMS * MESSAGES_PER_CLIENT;
    await Promise.all(clients.map(async (client, i) => {
      const texts: string[] = [];
      while (texts.length < perRoom) {
        const message = await client.nextOfType("message", 20_000);
        texts.push((message.data as { text: string }).text);
      }
      const expected = [];
      for (let j = i % ROOMS; j < CLIENTS; j += ROOMS) {
        for (let k = 0; k < MESSAGES_PER_CLIENT; k++) {
          expected.push(`${round}:${j}:${k}`);
        }
      }
      assertEquals(
        texts.sort(),
        expected.sort(),
        `client ${i} of round ${round}`,
      );
    }));
    clients.forEach((client, i) => {
      client.send({ type: "leave", data: { room: `room-${i % ROOMS}` } });
    });
  } finally {
    await Promise.all(clients.map((client) => client.close()));
  }
  // Nothing more may arrive after the exact count: no duplicates.
  for (const client of clients) {
    const extra = client.received.filter((f) =>
      f.type === "message" &&
      (f.data as { text: string }).text.startsWith(`${round}:`)
    );
    assertEquals(extra, []);
  }
}

/** The server's report once it has seen every client of the round close. */
async function memory(httpUrl: string): Promise<MemoryReport> {
  const response = await fetch(`${httpUrl}/memory`, {
    signal: AbortSignal.timeout(10_000),
  });
  return await response.json();
}

Deno.test("soak: hundreds of clients join, chat and leave; every room message arrives exactly once and memory returns near its start", async () => {
  const startedMs = performance.now();
  const server = await startServerProcess({
    v8Flags: ["--expose-gc"],
    rooms: ROOMS,
  });
  try {
    const port = server.port;
    const wsUrl = `ws://127.0.0.1:${port}/chat`;
    const httpUrl = `http://127.0.0.1:${port}`;
    const reports: MemoryReport[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      await playRound(wsUrl, round);
      reports.push(await memory(httpUrl));
    }
    const last = reports[reports.length - 1];
    assertEquals(last.stats.openConnections, 0);
    assertEquals(last.stats.connectionsAccepted, CLIENTS * ROUNDS);
    assertEquals(last.occupiedRooms, 0);
    // Round 0 warms caches and JIT; later rounds must not keep growing.
    const growthBytes = last.heapUsedBytes - reports[0].heapUsedBytes;
    console.log(
      `soak: ${ROUNDS} rounds x ${CLIENTS} clients in ${
        Math.round(performance.now() - startedMs)
      } ms; heap after each round (MB): ${
        reports.map((r) => (r.heapUsedBytes / 1e6).toFixed(1)).join(", ")
      }`,
    );
    assert(
      growthBytes < MAX_HEAP_GROWTH_BYTES,
      `heap grew by ${growthBytes} bytes`,
    );
    assertEquals(
      await server.stop("SIGTERM"),
      0,
      "graceful exit on SIGTERM",
    );
    assert(
      performance.now() - startedMs < SOAK_BUDGET_MS,
      "soak stayed within its time budget",
    );
  } finally {
    await server.stop("SIGKILL");
  }
});
