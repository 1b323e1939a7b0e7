/**
 * A clock for the server and the authenticator that a test moves forward,
 * so a deadline or an expiry passes at once instead of after a sleep. Timers
 * stay real: after `advance`, the test waits for the event that follows (the
 * close, the next ping).
 *
 * @module
 */
import { CLOCK, type Clock } from "../../src/_clock.ts";
import type { WsTestClient } from "./ws_client.ts";

/**
 * The wall clock plus however far the test has moved it.
 *
 * @example
 * ```ts
 * const clock = new AdvancingClock();
 * const served = await serveForTest(withClock({ routes }, clock));
 * clock.advance(3_000); // the next sweep sees tokens 3 s closer to expiry
 * ```
 */
export class AdvancingClock implements Clock {
  #aheadMs = 0;

  now(): number {
    return Date.now() + this.#aheadMs;
  }

  /** Moves the clock forward by `ms`. */
  advance(ms: number): void {
    this.#aheadMs += ms;
  }
}

/**
 * `options` (server or authenticator options) with `clock` as their source
 * of time.
 *
 * @example
 * ```ts
 * const served = await serveForTest(withClock({ routes }, new AdvancingClock()));
 * ```
 */
export function withClock<T extends object>(options: T, clock: Clock): T {
  return { ...options, [CLOCK]: clock };
}

/**
 * Waits for a ping from a sweep that ran after the clock moved: the first
 * ping behind the answer to a `history` RPC sent now (frames arrive in order,
 * and the RPC is answered after the move). A sweep checks deadlines, expiry
 * and silence before it pings, so this ping proves those checks saw the moved
 * clock and kept the connection. Needs a sweep that pings every time, as it
 * does when `pingIntervalMs` is the sweep interval (the default up to 1 s).
 *
 * @example
 * ```ts
 * clock.advance(3_000);
 * await pingAfterClockMoved(client); // throws if the sweep closed it instead
 * ```
 */
export async function pingAfterClockMoved(
  client: WsTestClient,
): Promise<void> {
  client.send({ type: "history", id: "clock-moved", data: { room: "r" } });
  await client.nextOfType("history");
  await client.nextOfType("ping");
}
