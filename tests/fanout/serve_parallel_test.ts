import { assert, assertEquals } from "../_helpers/assert.ts";
import { startServeProcess } from "../_helpers/fanout_serve_process.ts";
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
