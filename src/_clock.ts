/**
 * Where the server and the authenticator read the time: the sweep (stalled
 * connections, first-message deadlines, token expiry), rate-limit refill,
 * the quiet period before a close frame, and ticket expiry. Timers stay
 * real; only "now" goes through here, so a test moves time forward and
 * waits for the event that follows (a close, a ping).
 *
 * Internal: tests pass a clock under {@link CLOCK} in the options object;
 * it is not part of the documented options.
 *
 * @module
 */

/** A source of the current time, in milliseconds since the Unix epoch. */
export interface Clock {
  /** Like `Date.now()`. */
  now(): number;
}

/** The wall clock. */
export const SYSTEM_CLOCK: Clock = { now: () => Date.now() };

/** The options key under which a test passes its clock. */
export const CLOCK: unique symbol = Symbol("wiretype.clock");

/**
 * The clock passed in `options` under {@link CLOCK}, or the wall clock.
 */
export function clockOf(options: object): Clock {
  return (options as { readonly [CLOCK]?: Clock })[CLOCK] ?? SYSTEM_CLOCK;
}
