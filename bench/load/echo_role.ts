/**
 * The echo client process: every connection keeps `inflight` requests
 * outstanding and sends a new one for each answer, so the server is never
 * idle; answers received inside the measured window are counted and timed.
 *
 * @module
 */
import type { EchoResult, EchoRoleConfig } from "./client_config.ts";
import {
  type ClientConnection,
  openClientConnection,
} from "./client_connection.ts";
import type { ControlMessage, Reportable } from "./control.ts";
import { withDeadline } from "./deadline.ts";
import { dialectNamed } from "./dialects.ts";
import { Histogram } from "./histogram.ts";
import { openMany } from "./_open_many.ts";
import { ProblemLog } from "./_problems.ts";
import type { RawSocket } from "./raw_socket.ts";

const CONNECT_CONCURRENCY = 32;
const READY_TIMEOUT_MS = 10_000;
const DRAIN_TIMEOUT_MS = 10_000;
const CLOSE_TIMEOUT_MS = 5_000;
// One answer in this many is decoded to check that it answers its request.
const VERIFY_EVERY = 64;

/** Requests sent and not yet answered on one connection, oldest first. */
class Outstanding {
  readonly sentAtMs: Float64Array;
  readonly seqs: Float64Array;
  head = 0;
  count = 0;
  nextSeq = 0;
  answers = 0;
  answersInWindow = 0;

  constructor(capacity: number) {
    this.sentAtMs = new Float64Array(capacity);
    this.seqs = new Float64Array(capacity);
  }
}

/**
 * Runs the echo role: connects, reports `ready`, waits for `go` with the
 * measured window in epoch milliseconds, loads the server until the window
 * ends, drains, reports the result and closes on `close`.
 *
 * @example
 * ```ts
 * await runEchoRole(config, nextCommand, report);
 * ```
 */
export async function runEchoRole(
  config: EchoRoleConfig,
  nextCommand: () => Promise<ControlMessage>,
  report: <T extends Reportable>(message: T) => void,
): Promise<void> {
  const dialect = dialectNamed(config.dialect);
  const payload = "x".repeat(config.payloadBytes);
  const histogram = new Histogram();
  const problems = new ProblemLog();
  const decoder = new TextDecoder();
  let windowStart = Infinity;
  let windowEnd = Infinity;
  let answers = 0;
  let mismatches = 0;
  let outstandingTotal = 0;
  let drained: (() => void) | undefined;

  const sendNext = (socket: RawSocket, outstanding: Outstanding) => {
    const capacity = outstanding.seqs.length;
    const slot = (outstanding.head + outstanding.count) % capacity;
    const seq = outstanding.nextSeq++;
    outstanding.seqs[slot] = seq;
    outstanding.sentAtMs[slot] = performance.now();
    outstanding.count++;
    outstandingTotal++;
    socket.send(dialect.echoRequest(seq, payload));
  };

  const answered = (
    socket: RawSocket,
    outstanding: Outstanding,
    bytes: Uint8Array,
    start: number,
    end: number,
  ) => {
    if (!dialect.isEchoReply(bytes, start, end) || outstanding.count === 0) {
      problems.unexpected(bytes, start, end);
      return;
    }
    const now = performance.now();
    const slot = outstanding.head;
    outstanding.head = (slot + 1) % outstanding.seqs.length;
    outstanding.count--;
    outstandingTotal--;
    if (outstanding.answers++ % VERIFY_EVERY === 0) {
      const text = decoder.decode(bytes.subarray(start, end));
      if (!text.includes(`"seq":${outstanding.seqs[slot]},`)) mismatches++;
    }
    if (now >= windowStart && now < windowEnd) {
      answers++;
      outstanding.answersInWindow++;
      histogram.recordMs(now - outstanding.sentAtMs[slot]);
    }
    if (now < windowEnd) sendNext(socket, outstanding);
    else if (outstandingTotal === 0) drained?.();
  };

  const states: Outstanding[] = [];
  const clients: ClientConnection[] = await openMany(
    config.connections,
    CONNECT_CONCURRENCY,
    (index) => {
      const outstanding = new Outstanding(config.inflight);
      states[index] = outstanding;
      return openClientConnection({
        dialect,
        hostname: config.hostname,
        port: config.port,
        service: "echo",
        readyTimeoutMs: READY_TIMEOUT_MS,
        onMessage: (socket, bytes, start, end) =>
          answered(socket, outstanding, bytes, start, end),
        onClosed: (expected) => problems.closed(expected),
      });
    },
  );
  report({ kind: "ready", connections: clients.length });

  const go = await nextCommand();
  const epochToPerf = performance.now() - Date.now();
  windowStart = Number(go.measureFromMs) + epochToPerf;
  windowEnd = Number(go.measureUntilMs) + epochToPerf;
  const allDrained = new Promise<void>((resolve) => drained = resolve);
  // Connections start one after another over the first half of the
  // warm-up rather than all at once: a burst of connections × inflight
  // requests is a start-up transient, not the steady state measured.
  const rampMs = Math.max(0, windowStart - performance.now()) / 2;
  const starts = clients.map((client, index) =>
    setTimeout(() => {
      for (let i = 0; i < config.inflight; i++) {
        sendNext(client.socket, states[index]);
      }
    }, (rampMs * index) / clients.length)
  );
  await withDeadline(
    allDrained,
    Number(go.measureUntilMs) - Date.now() + DRAIN_TIMEOUT_MS,
    () => {},
  );
  for (const start of starts) clearTimeout(start);

  const result: EchoResult = {
    kind: "result",
    answers,
    latency: histogram.toData(),
    mismatches,
    starved: states.filter((state) => state.answersInWindow === 0).length,
    ...problems.toData(),
  };
  report(result);
  await nextCommand();
  await openMany(
    clients.length,
    256,
    (index) => clients[index].close(CLOSE_TIMEOUT_MS),
  );
  report({ kind: "closed" });
}
