import {
  checkKnownKeys,
  checkNumber,
  checkObject,
  checkOneOf,
} from "../_option_checks.ts";

const OWNER = "createServer";

/**
 * What happens when a connection's unsent data passes `maxBufferedBytes`:
 * `"drop"` skips messages until the client catches up, `"close"` closes it
 * with 1013 so it reconnects and resynchronises.
 */
export type SlowConsumerPolicy = "drop" | "close";

/**
 * The limits that protect a server from its clients. Set them for every
 * route in `createServer({ limits })` and override them per route in the
 * route's options (`chatRoute(handlers, { limits: { ... } })`).
 *
 * @example Usage
 * ```ts
 * import type { Limits } from "@wiretype/wiretype/server";
 *
 * const limits: Partial<Limits> = { maxMessageBytes: 16_384, messagesPerSecond: 20 };
 * ```
 */
export interface Limits {
  /** Largest frame accepted, checked before parsing; larger ones close with 1009. Default 65 536. */
  readonly maxMessageBytes: number;
  /** Deepest JSON nesting accepted; deeper frames get a `too_deep` error. Default 32. */
  readonly maxJsonDepth: number;
  /** Sustained messages per second per connection (token-bucket refill). Default 50. */
  readonly messagesPerSecond: number;
  /** Messages a connection may send in a burst (token-bucket size). Default 100. */
  readonly messageBurst: number;
  /**
   * Rejected messages (rate-limited or bad input) tolerated per
   * `strikeWindowMs`; one more closes the connection with 4429 (rate) or
   * 1008 (bad input). Default 20.
   */
  readonly maxStrikes: number;
  /** The window over which `maxStrikes` is counted. Default 10 000. */
  readonly strikeWindowMs: number;
  /** Open connections per client IP address on the route; more get 429. Default 256. */
  readonly maxConnectionsPerIp: number;
  /** Open connections per user (`sub`) on the route; more get 429. Default 32. */
  readonly maxConnectionsPerUser: number;
  /**
   * Unsent bytes (`bufferedAmount`) a connection may hold before it counts as
   * a slow consumer. Only data older than the last heartbeat sweep counts, so
   * a large burst to a healthy client is not mistaken for a backlog; a stuck
   * client is caught within one `sweepIntervalMs`. Default 1 MiB.
   */
  readonly maxBufferedBytes: number;
  /** What to do with a slow consumer. Default `"close"`. */
  readonly slowConsumer: SlowConsumerPolicy;
  /**
   * Messages of one connection whose handlers have not finished, running or
   * waiting their turn (see the route's `concurrency`). One more is refused
   * with an `overloaded` error (an RPC rejects with it) and never reaches
   * its handler; the connection stays open. Default 100, the same as
   * `messageBurst`, so a burst the rate limit admits (a reconnecting client
   * flushing its queue) is never refused by a handler that keeps up.
   */
  readonly maxQueuedMessages: number;
}

/**
 * The default limits: generous for a chat or dashboard client, small enough
 * that one client cannot exhaust the server.
 *
 * @example Usage
 * ```ts
 * import { DEFAULT_LIMITS } from "@wiretype/wiretype/server";
 *
 * DEFAULT_LIMITS.maxMessageBytes; // 65536
 * ```
 */
export const DEFAULT_LIMITS: Limits = {
  maxMessageBytes: 65_536,
  maxJsonDepth: 32,
  messagesPerSecond: 50,
  messageBurst: 100,
  maxStrikes: 20,
  strikeWindowMs: 10_000,
  maxConnectionsPerIp: 256,
  maxConnectionsPerUser: 32,
  maxBufferedBytes: 1_048_576,
  slowConsumer: "close",
  maxQueuedMessages: 100,
};

/**
 * Refuses a key of `overrides` (the limits at `where`) that names no limit,
 * suggesting the limit it most likely misspells.
 */
export function checkLimitNames(
  owner: string,
  where: string,
  overrides: unknown,
): void {
  checkKnownKeys(
    owner,
    where,
    overrides,
    // The limits are those DEFAULT_LIMITS gives a value; listed on demand,
    // so a client bundle that reaches this module through defineRoute's
    // drops it whole.
    Object.keys(DEFAULT_LIMITS),
    "a limit",
    "known limits",
  );
}

const INTEGER_LIMITS = [
  ["maxMessageBytes", 1],
  ["maxJsonDepth", 1],
  ["messageBurst", 1],
  ["maxStrikes", 0],
  ["strikeWindowMs", 1],
  ["maxConnectionsPerIp", 1],
  ["maxConnectionsPerUser", 1],
  ["maxBufferedBytes", 0],
  ["maxQueuedMessages", 1],
] as const;

/**
 * Applies `overrides` on top of `base` and checks every value, naming the
 * option (prefixed with `where`, e.g. `routes["/chat"].limits`) on error.
 *
 * @example Usage
 * ```ts
 * import { DEFAULT_LIMITS, resolveLimits } from "./limits.ts";
 *
 * const limits = resolveLimits(DEFAULT_LIMITS, { maxJsonDepth: 8 }, "limits");
 * limits.maxJsonDepth; // 8
 * ```
 */
export function resolveLimits(
  base: Limits,
  overrides: Partial<Limits> | undefined,
  where: string,
): Limits {
  if (overrides !== undefined) checkObject(OWNER, where, overrides);
  checkLimitNames(OWNER, where, overrides);
  const limits: Limits = { ...base, ...dropUndefined(overrides ?? {}) };
  for (const [name, min] of INTEGER_LIMITS) {
    checkNumber(OWNER, `${where}.${name}`, limits[name], {
      min,
      integer: true,
    });
  }
  checkNumber(OWNER, `${where}.messagesPerSecond`, limits.messagesPerSecond, {
    positive: true,
  });
  checkOneOf(OWNER, `${where}.slowConsumer`, limits.slowConsumer, [
    "drop",
    "close",
  ]);
  return limits;
}

function dropUndefined(values: Partial<Limits>): Partial<Limits> {
  return Object.fromEntries(
    Object.entries(values).filter(([, value]) => value !== undefined),
  );
}
