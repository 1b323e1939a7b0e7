import { checkKnownKeys, checkNumber, checkObject } from "../_option_checks.ts";

const OWNER = "createServer";

/**
 * How the server tells live connections from dead ones. Two mechanisms work
 * together: the runtime's protocol-level pings (`idleTimeoutSeconds`, passed
 * to `Deno.upgradeWebSocket`), which drop peers whose WebSocket stack is
 * gone; and one sweep timer for all connections, which sends an
 * application-level `ping` every `pingIntervalMs` (JavaScript sees no
 * protocol pongs, and clients need a ping they can see to detect a dead
 * server) and closes connections silent for `pingIntervalMs + pongTimeoutMs`.
 *
 * @example Usage
 * ```ts
 * import type { HeartbeatOptions } from "@wiretype/wiretype/server";
 *
 * const heartbeat: HeartbeatOptions = { pingIntervalMs: 10_000, pongTimeoutMs: 5_000 };
 * ```
 */
export interface HeartbeatOptions {
  /** How often each connection gets an application-level `ping`. Default 25 000. */
  readonly pingIntervalMs?: number;
  /**
   * How long past a due ping a silent connection is kept; then it is closed
   * with 1001 "stalled". Default 10 000.
   */
  readonly pongTimeoutMs?: number;
  /**
   * Period of the one sweep timer that sends pings and closes stalled,
   * unauthenticated and expired connections; bounds how late each of those
   * happens. Default 1 000, at most `pingIntervalMs`.
   */
  readonly sweepIntervalMs?: number;
  /**
   * `Deno.upgradeWebSocket`'s `idleTimeout`: after half of it without a
   * frame the runtime sends a protocol ping, after the other half it closes
   * with 1001. Keep it below `(pingIntervalMs + pongTimeoutMs) / 1000`, so
   * that the runtime, which can free a dead peer's socket, acts first;
   * 0 turns it off. Default 30.
   */
  readonly idleTimeoutSeconds?: number;
}

/** {@link HeartbeatOptions} with every default applied. */
export type ResolvedHeartbeat = Required<HeartbeatOptions>;

const DEFAULT_HEARTBEAT: ResolvedHeartbeat = {
  pingIntervalMs: 25_000,
  pongTimeoutMs: 10_000,
  sweepIntervalMs: 1_000,
  idleTimeoutSeconds: 30,
};

/**
 * Applies the defaults to `options` and checks them; a bad value throws a
 * `TypeError` (wrong type) or `RangeError` (out of range) naming it.
 *
 * @example Usage
 * ```ts
 * import { resolveHeartbeat } from "./heartbeat.ts";
 *
 * resolveHeartbeat({ pingIntervalMs: 200 }).sweepIntervalMs; // 200
 * ```
 */
export function resolveHeartbeat(
  options: HeartbeatOptions | undefined,
): ResolvedHeartbeat {
  if (options !== undefined) {
    checkObject(OWNER, "heartbeat", options);
    checkKnownKeys(
      OWNER,
      "heartbeat",
      options,
      Object.keys(DEFAULT_HEARTBEAT),
    );
  }
  const pingIntervalMs = checkNumber(
    OWNER,
    "heartbeat.pingIntervalMs",
    options?.pingIntervalMs ?? DEFAULT_HEARTBEAT.pingIntervalMs,
    { min: 10, integer: true },
  );
  const sweepIntervalMs = checkNumber(
    OWNER,
    "heartbeat.sweepIntervalMs",
    // A short ping interval brings the sweep along, so tests need set one value only.
    options?.sweepIntervalMs ??
      Math.min(DEFAULT_HEARTBEAT.sweepIntervalMs, pingIntervalMs),
    { min: 5, max: pingIntervalMs, integer: true },
  );
  return {
    pingIntervalMs,
    sweepIntervalMs,
    pongTimeoutMs: checkNumber(
      OWNER,
      "heartbeat.pongTimeoutMs",
      options?.pongTimeoutMs ?? DEFAULT_HEARTBEAT.pongTimeoutMs,
      { min: 0, integer: true },
    ),
    idleTimeoutSeconds: checkNumber(
      OWNER,
      "heartbeat.idleTimeoutSeconds",
      options?.idleTimeoutSeconds ?? DEFAULT_HEARTBEAT.idleTimeoutSeconds,
      { min: 0 },
    ),
  };
}
