/**
 * Bytes a node sends for presence, at 10,000 and 100,000 memberships: a
 * real `ClusterFanout` whose transport records what it sends. Before this
 * format, every heartbeat carried the full member list (rebuilt here from
 * the same entries with the old v1 encoding); now a heartbeat carries a
 * digest, and the full list (a snapshot) goes out only when a node starts,
 * after an outage, or when another node's digest disagrees.
 *
 * ```sh
 * deno run -A bench/presence_heartbeat_bench.ts
 * ```
 *
 * Prints a Markdown table for bench/RESULTS.md ("Presence heartbeats").
 *
 * @module
 */
import { ClusterFanout } from "../src/fanout/cluster_fanout.ts";
import type { FanoutTransport } from "../src/fanout/fanout_transport.ts";
import type { PresenceEntry } from "../src/fanout/presence_table.ts";
import { encodeNodeMessage } from "../src/fanout/_node_message.ts";

const HEARTBEAT_INTERVAL_MS = 20;
const ROOMS = 100;
const encoder = new TextEncoder();

/** A transport that only records the byte size of each message by kind. */
function recordingTransport() {
  const sent: { kind: string; bytes: number }[] = [];
  const transport: FanoutTransport = {
    name: "recording",
    open: () => Promise.resolve(),
    send(text) {
      const kind = /"kind":"([a-z]+)"/.exec(text)?.[1] ?? "?";
      sent.push({ kind, bytes: encoder.encode(text).length });
    },
    close: () => Promise.resolve(),
    stats: () => ({ connected: true, publishesDropped: 0 }),
  };
  return { transport, sent };
}

/** The v1 heartbeat: the whole member list, every interval. */
function v1HeartbeatBytes(entries: readonly PresenceEntry[]): number {
  return encoder.encode(JSON.stringify({
    v: 1,
    origin: "node-a",
    seq: 123_456,
    kind: "heartbeat",
    entries,
  })).length;
}

async function measure(memberships: number) {
  const { transport, sent } = recordingTransport();
  const fanout = new ClusterFanout(transport, {
    nodeId: "node-a",
    heartbeatIntervalMs: HEARTBEAT_INTERVAL_MS,
    logger: { log: () => {} },
  });
  await fanout.start({ deliver: () => {} });
  const entries: PresenceEntry[] = [];
  for (let index = 0; index < memberships; index++) {
    const entry = {
      route: "/chat",
      room: `room-${index % ROOMS}`,
      connectionId: crypto.randomUUID(),
      userId: `user-${index}`,
    };
    entries.push(entry);
    fanout.presence.add(entry.route, entry.room, {
      ...entry,
      nodeId: "node-a",
    });
  }
  const heartbeats = () => sent.filter((m) => m.kind === "heartbeat");
  const before = heartbeats().length;
  while (heartbeats().length < before + 3) {
    await new Promise((resolve) => setTimeout(resolve, HEARTBEAT_INTERVAL_MS));
  }
  const heartbeatBytes = heartbeats().at(-1)!.bytes;
  const joinBytes = sent.filter((m) => m.kind === "join").at(-1)!.bytes;
  await fanout.close();
  return {
    memberships,
    v1HeartbeatBytes: v1HeartbeatBytes(entries),
    heartbeatBytes,
    snapshotBytes: encoder.encode(
      encodeNodeMessage("node-a", 123_456, { kind: "snapshot", entries }),
    ).length,
    joinBytes,
  };
}

const format = (bytes: number) => bytes.toLocaleString("en-US");
console.log(
  "| memberships | before: every heartbeat (bytes) | now: every heartbeat (bytes) | now: a snapshot, on hello or digest mismatch (bytes) | a join or leave (bytes) |",
);
console.log("| ---: | ---: | ---: | ---: | ---: |");
for (const memberships of [10_000, 100_000]) {
  const result = await measure(memberships);
  console.log(
    `| ${format(result.memberships)} | ${format(result.v1HeartbeatBytes)} | ${
      format(result.heartbeatBytes)
    } | ${format(result.snapshotBytes)} | ${format(result.joinBytes)} |`,
  );
}
