import { useCallback, useEffect, useSyncExternalStore } from "react";
import type { WiretypeClient } from "../client/client.ts";
import type { EventMap } from "../client/client_protocol.ts";
import type { ConnectionState } from "../client/connection_state.ts";

interface Hold {
  count: number;
  closeTimer?: ReturnType<typeof setTimeout>;
}

/** How many mounted components use each client. */
const holds = new WeakMap<object, Hold>();

/**
 * Returns the client's connection state and keeps the client connected
 * while a mounted component uses it: the first `useSocket` of a client
 * connects it, and it closes shortly after the last one unmounts. Strict
 * mode's unmount-and-remount therefore keeps the same socket instead of
 * opening a second one, and an unmounted page leaves no socket behind.
 * After a reconnect the `open` state's `recovered` says whether every
 * stream got what it missed (undefined until the server answered).
 *
 * @example Usage
 * ```tsx
 * import type { EventMap, WiretypeClient } from "@wiretype/wiretype/client";
 * import { useSocket } from "@wiretype/wiretype/react";
 *
 * // One client for the page, made outside components: new ChatClient({ url: location.origin })
 * declare const chat: WiretypeClient<EventMap>;
 *
 * export function Status() {
 *   const state = useSocket(chat);
 *   if (state.kind === "open" && state.recovered === false) return <p>back, some messages were lost</p>;
 *   return <p>{state.kind === "reconnecting" ? `retrying in ${state.nextRetryMs} ms` : state.kind}</p>;
 * }
 * ```
 */
export function useSocket<Events extends EventMap>(
  client: WiretypeClient<Events>,
): ConnectionState {
  const subscribe = useCallback(
    (onChange: () => void) => client.onState(onChange),
    [client],
  );
  const getState = () => client.state;
  const state = useSyncExternalStore(subscribe, getState, getState);
  useEffect(() => hold(client), [client]);
  return state;
}

function hold(client: WiretypeClient<EventMap>): () => void {
  let entry = holds.get(client);
  if (entry === undefined) {
    entry = { count: 0 };
    holds.set(client, entry);
  }
  const current = entry;
  current.count += 1;
  clearTimeout(current.closeTimer);
  client.connect();
  return () => {
    current.count -= 1;
    if (current.count > 0) return;
    // Strict mode remounts right after unmounting: wait a tick before closing.
    current.closeTimer = setTimeout(() => {
      if (current.count === 0) void client.close();
    }, 0);
  };
}
