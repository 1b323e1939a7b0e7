import type { Broadcast, EventMap } from "./connection.ts";

/**
 * How `createServer` hands a route its `broadcast`. The binder lives here,
 * keyed by the route object, instead of as a method on the public `Route`
 * type: applications see no member they must not call.
 */
const binders = new WeakMap<object, (broadcast: Broadcast<EventMap>) => void>();

/** Called by `defineRoute` for each route it builds. */
export function registerRouteBinder<Events extends EventMap>(
  route: object,
  bind: (broadcast: Broadcast<Events>) => void,
): void {
  binders.set(route, bind as (broadcast: Broadcast<EventMap>) => void);
}

/** Gives `route` the server's broadcast; called once per served route. */
export function bindRoute(
  route: { readonly protocol: { readonly path: string } },
  broadcast: Broadcast<EventMap>,
): void {
  const bind = binders.get(route);
  if (bind === undefined) {
    throw new TypeError(
      `createServer: routes["${route.protocol.path}"] was not made by a generated route factory: pass createServer({ routes }) what chatRoute(handlers) returns`,
    );
  }
  bind(broadcast);
}
