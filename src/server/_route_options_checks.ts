/**
 * The checks of a route's options: their names in the generated route
 * factory (through `defineRoute`, so a misspelled option fails on the line
 * that wrote it, and the protocol's events are at hand), their values in
 * `createServer`, which merges them with the server's.
 *
 * @module
 */
import {
  checkKnownKeys,
  checkKnownName,
  checkNumber,
  checkObject,
  describeValue,
  optionKeys,
  optionTypeError,
} from "../_option_checks.ts";
import { checkLimitNames } from "./limits.ts";
import type { RouteOptions } from "./route.ts";
import type { RouteHistoryOptions } from "./route_history_options.ts";

// Generated clients import `defineRoute`'s module, hence this one: marked
// pure, these lists stay out of a client bundle (the demo's holds no server
// code).

/** The keys of {@link RouteOptions}. */
export const ROUTE_OPTION_KEYS: readonly string[] = /* @__PURE__ */ optionKeys<
  RouteOptions
>({
  auth: true,
  limits: true,
  concurrency: true,
  history: true,
  initialState: true,
  onOpen: true,
  onClose: true,
  onPresenceChange: true,
});

const ROUTE_HISTORY_KEYS = /* @__PURE__ */ optionKeys<RouteHistoryOptions>({
  size: true,
  ttlMs: true,
  events: true,
});

/** The server events of a protocol, which a route's `history.events` may name. */
export interface ProtocolEvents {
  /** The protocol interface's name, e.g. `Chat`. */
  readonly protocol: string;
  /** Its server events. */
  readonly names: readonly string[];
}

/**
 * Checks the names in a generated route factory's `options`: its keys, the
 * keys of its limits and history, and the events history records, which
 * must be server events of the protocol. Their values, and how they combine
 * with the server's, are checked by `createServer`.
 */
export function checkRouteOptions(
  owner: string,
  options: unknown,
  events: ProtocolEvents,
): void {
  if (options === undefined) return;
  checkObject(owner, "options", options);
  checkKnownKeys(owner, "options", options, ROUTE_OPTION_KEYS);
  const { limits, history } = options as RouteOptions;
  checkLimitNames(owner, "options.limits", limits);
  checkKnownKeys(owner, "options.history", history, ROUTE_HISTORY_KEYS);
  const recorded: unknown = history?.events;
  if (!Array.isArray(recorded)) return;
  recorded.forEach((event, index) => {
    if (typeof event !== "string") return;
    checkKnownName(
      owner,
      `options.history.events[${index}]`,
      event,
      events.names,
      `an event of ${events.protocol}`,
      `${events.protocol}'s events`,
    );
  });
}

/**
 * Checks a route's `history` option; undefined when it has none.
 */
export function checkRouteHistory(
  owner: string,
  value: RouteHistoryOptions | undefined,
  where: string,
): RouteHistoryOptions | undefined {
  if (value === undefined) return undefined;
  checkObject(owner, where, value, "{ size, ttlMs, events? }");
  checkKnownKeys(owner, where, value, ROUTE_HISTORY_KEYS);
  checkNumber(owner, `${where}.size`, value.size, { min: 1, integer: true });
  checkNumber(owner, `${where}.ttlMs`, value.ttlMs, { min: 1 });
  if (
    value.events !== undefined &&
    !(Array.isArray(value.events) &&
      value.events.every((event) => typeof event === "string"))
  ) {
    throw optionTypeError(
      owner,
      `${where}.events must be a list of event names, got ${
        describeValue(value.events)
      }`,
    );
  }
  return value;
}
