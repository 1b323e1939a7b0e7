/**
 * The connection-setup client process: opens authenticated connections as
 * fast as `concurrency` allows, timing each from its first request (the
 * ticket request, when the flow has one) to the server saying it is ready;
 * then holds them idle, so the harness can weigh the server's memory.
 *
 * @module
 */
import type {
  AuthConfig,
  ConnectResult,
  ConnectRoleConfig,
} from "./client_config.ts";
import {
  type ClientConnection,
  openClientConnection,
} from "./client_connection.ts";
import type { ControlMessage, Reportable } from "./control.ts";
import { benchToken } from "./bench_tokens.ts";
import { type Credential, dialectNamed } from "./dialects.ts";
import { Histogram } from "./histogram.ts";
import { openMany } from "./_open_many.ts";
import { ProblemLog } from "./_problems.ts";

const READY_TIMEOUT_MS = 20_000;
const CLOSE_TIMEOUT_MS = 5_000;

/**
 * Runs the connect role: signs one token per connection, reports `ready`,
 * opens every connection on `go`, reports the result, holds the
 * connections until `close`.
 *
 * @example
 * ```ts
 * await runConnectRole(config, nextCommand, report);
 * ```
 */
export async function runConnectRole(
  config: ConnectRoleConfig,
  nextCommand: () => Promise<ControlMessage>,
  report: <T extends Reportable>(message: T) => void,
): Promise<void> {
  const dialect = dialectNamed(config.dialect);
  const histogram = new Histogram();
  const problems = new ProblemLog();
  const tokens = await Promise.all(
    Array.from(
      { length: config.connections },
      (_, index) =>
        benchToken(config.auth.secret, config.firstUserIndex + index),
    ),
  );
  report({ kind: "ready", connections: 0 });
  await nextCommand();

  const clients: ClientConnection[] = [];
  let failed = 0;
  let firstError: string | undefined;
  const startedAt = performance.now();
  await openMany(config.connections, config.concurrency, async (index) => {
    const attemptAt = performance.now();
    try {
      const credential = await credentialFor(config, tokens[index]);
      clients.push(
        await openClientConnection({
          dialect,
          hostname: config.hostname,
          port: config.port,
          service: "echo",
          credential,
          readyTimeoutMs: READY_TIMEOUT_MS,
          onMessage: (_socket, bytes, start, end) =>
            problems.unexpected(bytes, start, end),
          onClosed: (expected) => problems.closed(expected),
        }),
      );
      histogram.recordMs(performance.now() - attemptAt);
    } catch (error) {
      failed++;
      firstError ??= error instanceof Error ? error.message : String(error);
    }
  });
  const result: ConnectResult = {
    kind: "result",
    opened: clients.length,
    failed,
    ...(firstError === undefined ? {} : { firstError }),
    elapsedMs: performance.now() - startedAt,
    latency: histogram.toData(),
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

async function credentialFor(
  config: ConnectRoleConfig,
  token: string,
): Promise<Credential> {
  const auth: AuthConfig = config.auth;
  if (auth.kind === "jwt") return { kind: "jwt", token };
  const response = await fetch(
    `http://${config.hostname}:${config.port}${auth.ticketPath}`,
    {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
    },
  );
  const body: unknown = await response.json().catch(() => undefined);
  const ticket = (body as { ticket?: unknown } | undefined)?.ticket;
  if (!response.ok || typeof ticket !== "string") {
    throw new Error(
      `ticket request answered ${response.status}: ${JSON.stringify(body)}`,
    );
  }
  return { kind: "ticket", ticket };
}
