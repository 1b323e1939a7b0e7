import { type Clock, SYSTEM_CLOCK } from "../_clock.ts";
import { AuthErrorCode } from "../auth/auth_error.ts";
import { CloseCode } from "../wire/close_codes.ts";
import { encodeEnvelope, ReservedType } from "../wire/envelope.ts";
import type { ResolvedHeartbeat } from "./heartbeat.ts";
import type { Session } from "./_session.ts";
import { utf8ByteLength } from "./_utf8.ts";

const PING = encodeEnvelope(ReservedType.Ping, null);
const PING_BYTES = utf8ByteLength(PING);

/** The sweep timer of a server; see {@link startReaper}. */
export interface Reaper {
  /** Starts the timer if there are sessions, stops it if there are none. */
  update(): void;
  /** Stops the timer for good. */
  stop(): void;
}

/**
 * One timer for every connection of a server. Each sweep sends the
 * application `ping` to open connections when it is due (never later than
 * `pingIntervalMs`, so clients can trust that figure), and closes those that
 * have been silent for `pingIntervalMs + pongTimeoutMs` (1001 "stalled"),
 * those not authenticated by their deadline (4408) and those whose token
 * expired without a refresh (4401). The timer runs only while there are
 * connections, so an idle server holds no timer. Deadlines are read from
 * `clock` (the server's; a test moves it instead of sleeping).
 */
export function startReaper(
  sessions: ReadonlySet<Session>,
  heartbeat: ResolvedHeartbeat,
  clock: Clock = SYSTEM_CLOCK,
): Reaper {
  const { pingIntervalMs, pongTimeoutMs, sweepIntervalMs } = heartbeat;
  const stalledAfterMs = pingIntervalMs + pongTimeoutMs;
  // Sent at the last sweep before it is due, so never late.
  const pingAfterMs = pingIntervalMs - sweepIntervalMs;
  let timer: ReturnType<typeof setInterval> | undefined;
  let stopped = false;

  const sweep = () => {
    const nowMs = clock.now();
    for (const session of sessions) {
      if (session.phase === "pending") {
        if (nowMs >= (session.authDeadlineMs ?? nowMs)) {
          session.close(CloseCode.AuthTimeout, "authentication timeout");
        }
      } else if (session.phase === "open") {
        session.sentSinceSweepBytes = 0;
        if (session.expiresAtMs !== undefined && nowMs >= session.expiresAtMs) {
          tokenExpired(session);
          session.close(CloseCode.Unauthenticated, "token expired");
        } else if (nowMs - session.lastSeenMs > stalledAfterMs) {
          session.close(CloseCode.GoingAway, "stalled");
        } else if (nowMs - session.lastPingMs >= pingAfterMs) {
          session.lastPingMs = nowMs;
          session.sendPayload(PING, PING_BYTES);
        }
      }
    }
  };

  return {
    update() {
      if (stopped) return;
      if (sessions.size > 0 && timer === undefined) {
        timer = setInterval(sweep, sweepIntervalMs);
      } else if (sessions.size === 0 && timer !== undefined) {
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

function tokenExpired(session: Session): void {
  const { core, path } = session.runtime;
  core.stats.count(core.stats.authFailures, AuthErrorCode.Expired);
  core.logger.log({
    kind: "auth_failed",
    route: path,
    remoteAddress: session.remoteAddress,
    stage: "refresh",
    reason: AuthErrorCode.Expired,
    connectionId: session.id,
    ...(session.userId === undefined ? {} : { userId: session.userId }),
  });
}
