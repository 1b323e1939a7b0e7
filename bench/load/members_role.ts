/**
 * The room-member client process: its connections join one room and time
 * every broadcast they receive against the send time the sender wrote into
 * the message (`<seq>:<epoch ms>`; all processes share the machine's clock).
 *
 * @module
 */
import type { MembersResult, MembersRoleConfig } from "./client_config.ts";
import { openClientConnection } from "./client_connection.ts";
import type { ControlMessage, Reportable } from "./control.ts";
import { dialectNamed } from "./dialects.ts";
import { epochNowMs } from "./epoch_clock.ts";
import { Histogram } from "./histogram.ts";
import { openMany } from "./_open_many.ts";
import { ProblemLog } from "./_problems.ts";

const CONNECT_CONCURRENCY = 32;
const READY_TIMEOUT_MS = 20_000;
const CLOSE_TIMEOUT_MS = 5_000;
const STAMP = /"text":"(\d+):([\d.]+)"/;

/**
 * Runs the members role: connects, joins, reports `ready`; then answers
 * every `report` command with the deliveries so far, until `close`.
 *
 * @example
 * ```ts
 * await runMembersRole(config, nextCommand, report);
 * ```
 */
export async function runMembersRole(
  config: MembersRoleConfig,
  nextCommand: () => Promise<ControlMessage>,
  report: <T extends Reportable>(message: T) => void,
): Promise<void> {
  const dialect = dialectNamed(config.dialect);
  const decoder = new TextDecoder();
  const histogram = new Histogram();
  const problems = new ProblemLog();
  // seq -> [deliveries, slowest delivery in ms]
  const broadcasts = new Map<number, [number, number]>();

  const delivered = (bytes: Uint8Array, start: number, end: number) => {
    const receivedAtMs = epochNowMs();
    const stamp = STAMP.exec(decoder.decode(bytes.subarray(start, end)));
    if (stamp === null) {
      problems.unexpected(bytes, start, end);
      return;
    }
    const seq = Number(stamp[1]);
    const latencyMs = receivedAtMs - Number(stamp[2]);
    const entry = broadcasts.get(seq);
    if (entry === undefined) broadcasts.set(seq, [1, latencyMs]);
    else {
      entry[0]++;
      if (latencyMs > entry[1]) entry[1] = latencyMs;
    }
    if (seq >= config.warmupBroadcasts) histogram.recordMs(latencyMs);
  };

  const clients = await openMany(
    config.connections,
    CONNECT_CONCURRENCY,
    async () => {
      let joined: (() => void) | undefined;
      const joinedPromise = new Promise<void>((resolve) => joined = resolve);
      const client = await openClientConnection({
        dialect,
        hostname: config.hostname,
        port: config.port,
        service: "chat",
        readyTimeoutMs: READY_TIMEOUT_MS,
        onMessage: (_socket, bytes, start, end) => {
          if (dialect.isRoomMessage(bytes, start, end)) {
            delivered(bytes, start, end);
          } else if (
            joined !== undefined && dialect.isJoined(bytes, start, end)
          ) {
            joined();
            joined = undefined;
          } else problems.unexpected(bytes, start, end);
        },
        onClosed: (expected) => problems.closed(expected),
      });
      client.socket.send(dialect.joinRequest(config.room));
      await joinedPromise;
      return client;
    },
  );
  report({ kind: "ready", connections: clients.length });

  while ((await nextCommand()).kind === "report") {
    const result: MembersResult = {
      kind: "result",
      latency: histogram.toData(),
      broadcasts: [...broadcasts].map((
        [seq, [count, slowestMs]],
      ) => [seq, count, slowestMs]),
      ...problems.toData(),
    };
    report(result);
  }
  await openMany(
    clients.length,
    256,
    (index) => clients[index].close(CLOSE_TIMEOUT_MS),
  );
  report({ kind: "closed" });
}
