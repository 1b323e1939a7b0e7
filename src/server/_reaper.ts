import { type Clock, SYSTEM_CLOCK } from "../_clock.ts";
import type { ResolvedHeartbeat } from "./heartbeat.ts";

/** The sweep timer of a server; see {@link startReaper}. */
export interface Reaper {
  /** Starts the timer if there are connections, stops it if there are none. */
  update(): void;
  /** Stops the timer for good. */
  stop(): void;
}

/** The thresholds one sweep applies, derived from the heartbeat settings. */
export interface SweepTiming {
  /** A connection silent for longer than this is stalled. */
  readonly stalledAfterMs: number;
  /** A connection not pinged for this long gets a ping at this sweep. */
  readonly pingAfterMs: number;
}

/** What the sweep needs of a connection: it decides for itself what is due. */
export interface SweptConnection {
  /** Acts on whatever is due at `nowMs`: a ping, a deadline, an expiry, a stall. */
  sweep(nowMs: number, timing: SweepTiming): void;
}

/**
 * One timer for every connection of a server. Each sweep hands every
 * connection the time and the thresholds, and the connection sends the
 * application `ping` when it is due (never later than `pingIntervalMs`, so
 * clients can trust that figure), or closes itself when it has been silent
 * for `pingIntervalMs + pongTimeoutMs` (1001 "stalled"), was not
 * authenticated by its deadline (4408) or its token expired without a
 * refresh (4401). The timer runs only while there are connections, so an
 * idle server holds no timer. Deadlines are read from `clock` (the server's;
 * a test moves it instead of sleeping).
 */
export function startReaper(
  connections: ReadonlySet<SweptConnection>,
  heartbeat: ResolvedHeartbeat,
  clock: Clock = SYSTEM_CLOCK,
): Reaper {
  const { pingIntervalMs, pongTimeoutMs, sweepIntervalMs } = heartbeat;
  const timing: SweepTiming = {
    stalledAfterMs: pingIntervalMs + pongTimeoutMs,
    // Sent at the last sweep before it is due, so never late.
    pingAfterMs: pingIntervalMs - sweepIntervalMs,
  };
  let timer: ReturnType<typeof setInterval> | undefined;
  let stopped = false;

  const sweep = () => {
    const nowMs = clock.now();
    for (const connection of connections) connection.sweep(nowMs, timing);
  };

  return {
    update() {
      if (stopped) return;
      if (connections.size > 0 && timer === undefined) {
        timer = setInterval(sweep, sweepIntervalMs);
      } else if (connections.size === 0 && timer !== undefined) {
        clearInterval(timer);
        timer = undefined;
      }
    },
    stop() {
      stopped = true;
      clearInterval(timer);
      timer = undefined;
    },
  };
}
