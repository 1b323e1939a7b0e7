import { assert, assertEquals } from "../_helpers/assert.ts";
import { startServeProcess } from "../_helpers/fanout_serve_process.ts";
import { spawnServer } from "../_helpers/spawned_server.ts";
import { waitUntil } from "../_helpers/client_chat_peer.ts";
import type { ProbeClient } from "../_helpers/fanout_probe_client.ts";
import {
  assertBroadcastsExactlyOnce,
  assertPresenceEverywhere,
  clientsPerNode,
  closeClients,
  connectSpread,
} from "../_helpers/fanout_scenario.ts";

const CLIENTS = 50;

Deno.test("under deno serve --parallel, broadcasts reach every intended client on both workers exactly once, and presence spans both", async () => {
  const secret = crypto.randomUUID() + crypto.randomUUID();
  const served = await startServeProcess({
    env: {
      FANOUT_JWT_SECRET: secret,
      FANOUT_CHANNEL: `fanout-parallel-${crypto.randomUUID()}`,
    },
    parallelJobs: 2,
  });
  const opened: ProbeClient[] = [];
  try {
    const spread = await connectSpread([served.wsUrl], secret, CLIENTS, opened);
    const perNode = clientsPerNode(spread);
    assertEquals(
      perNode.size,
      2,
      `clients should land on both workers: ${JSON.stringify([...perNode])}`,
    );
    assertEquals([...perNode.values()].reduce((a, b) => a + b), CLIENTS);

    await assertPresenceEverywhere(spread);
    const delivered = await assertBroadcastsExactlyOnce(spread, "parallel");
    assert(
      delivered > CLIENTS * 2,
      `a meaningful number of probes was checked (${delivered})`,
    );
  } finally {
    await closeClients(opened);
    await served.stop();
  }
});

const DEFAULT_FANOUT_SERVER = new URL(
  "../_fixtures/default_fanout_server.ts",
  import.meta.url,
).pathname;
const SPLIT_WARNING = "another isolate also serves /probe";

function serveDefaultFanout(parallel: boolean) {
  return spawnServer({
    args: [
      "serve",
      "--allow-net",
      "--host",
      "127.0.0.1",
      "--port",
      "0",
      ...(parallel ? ["--parallel"] : []),
      DEFAULT_FANOUT_SERVER,
    ],
    env: parallel ? { DENO_JOBS: "2" } : {},
  });
}

function warnings(output: string): string[] {
  return output.split("\n").filter((line) => line.includes(SPLIT_WARNING));
}

Deno.test("a server left on the default fan-out under deno serve --parallel logs, once per worker, that its rooms are split; alone it logs nothing", async () => {
  await using parallel = await serveDefaultFanout(true);
  await waitUntil(
    () => warnings(parallel.output()).length === 2,
    `a warning from each worker; output:\n${parallel.output()}`,
  );
  assert(
    warnings(parallel.output()).every((line) =>
      line.includes("pass BroadcastChannelFanout")
    ),
    "the warning names the fix",
  );
  await using alone = await serveDefaultFanout(false);
  // The module has run once it answers; a warning would be printed at once.
  await (await fetch(`${alone.httpUrl}/probe`)).body?.cancel();
  await new Promise((resolve) => setTimeout(resolve, 500));
  assertEquals(warnings(alone.output()), []);
});
