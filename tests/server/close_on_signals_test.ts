import { assert, assertEquals } from "../_helpers/assert.ts";
import { type SpawnedServer, spawnServer } from "../_helpers/spawned_server.ts";
import { openWsClient } from "../_helpers/ws_client.ts";
import { rawUpgrade } from "../_helpers/ws_raw.ts";
import { CloseCode } from "../../src/wire/close_codes.ts";

const SHUTDOWN_TIMEOUT_MS = 1_500;
const FIXTURES = "tests/server/_fixtures";

/** The README's server, as `deno run` and as `deno serve` run it. */
const launchers = {
  "deno run": ["run", "-A", `${FIXTURES}/readme_run_entry.ts`],
  "deno serve": [
    "serve",
    "-A",
    "--host",
    "127.0.0.1",
    "--port",
    "0",
    `${FIXTURES}/readme_server.ts`,
  ],
} as const;

function start(how: keyof typeof launchers): Promise<SpawnedServer> {
  return spawnServer({
    args: launchers[how],
    env: { SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS) },
  });
}

for (const how of ["deno run", "deno serve"] as const) {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    Deno.test(`under ${how}, ${signal} closes clients with 1001 and the README's server exits with 0 within shutdownTimeoutMs + 1 s, even with a client that never answers`, async () => {
      const server = await start(how);
      const client = await openWsClient(`${server.wsUrl}/chat`);
      // Completes the handshake, then never answers the close.
      const silent = await rawUpgrade(server.port, "/chat");
      try {
        assertEquals(silent.status, 101);
        await client.nextOfType("welcome");
        const startedMs = performance.now();
        const code = await server.stop(signal, SHUTDOWN_TIMEOUT_MS + 5_000);
        const tookMs = performance.now() - startedMs;
        assertEquals(code, 0, server.output());
        assert(
          tookMs < SHUTDOWN_TIMEOUT_MS + 1_000,
          `exited ${Math.round(tookMs)} ms after ${signal}`,
        );
        const closed = await client.closed;
        assertEquals(closed.code, CloseCode.GoingAway);
        // `deno serve` closes the sockets itself on these signals, with its
        // own reason, a moment before wiretype does; clients act on the code.
        if (how === "deno run") {
          assertEquals(closed.reason, "server shutting down, reconnect");
        }
      } finally {
        silent.conn.close();
        await client.close();
        await server.stop("SIGKILL");
      }
    });
  }
}

Deno.test("a second signal during the shutdown exits at once with 1", async () => {
  const server = await start("deno run");
  const client = await openWsClient(`${server.wsUrl}/chat`);
  const silent = await rawUpgrade(server.port, "/chat");
  try {
    await client.nextOfType("welcome");
    const exited = server.stop("SIGTERM", 10_000);
    // The first signal was handled once the clients are told to go.
    await client.closed;
    const startedMs = performance.now();
    Deno.kill(server.pid, "SIGTERM");
    assertEquals(await exited, 1);
    assert(performance.now() - startedMs < SHUTDOWN_TIMEOUT_MS);
    assert(server.output().includes("second signal"), server.output());
  } finally {
    silent.conn.close();
    await client.close();
    await server.stop("SIGKILL");
  }
});
