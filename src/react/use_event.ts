import { useEffect, useRef } from "react";
import type { WiretypeClient } from "../client/client.ts";
import type { EventMap } from "../client/client_protocol.ts";

/**
 * Calls `handler` with every valid `event` the server sends while the
 * component is mounted. The handler may change on every render without
 * resubscribing; the subscription ends on unmount.
 *
 * @example Usage
 * ```tsx
 * import { useState } from "react";
 * import type { WiretypeClient } from "@wiretype/wiretype/client";
 * import { useEvent } from "@wiretype/wiretype/react";
 *
 * type ChatMessage = { id: string; user: string; text: string };
 * // The generated ChatClient (protocol/gen/chat_client.ts), as far as this component needs it:
 * type ChatClient = WiretypeClient<{ message: ChatMessage }>;
 *
 * export function Messages({ chat }: { chat: ChatClient }) {
 *   const [lines, setLines] = useState<ChatMessage[]>([]);
 *   useEvent(chat, "message", (message) => setLines((old) => [...old, message]));
 *   return <ul>{lines.map((line) => <li key={line.id}>{line.text}</li>)}</ul>;
 * }
 * ```
 */
export function useEvent<
  Events extends EventMap,
  E extends keyof Events & string,
>(
  client: WiretypeClient<Events>,
  event: E,
  handler: (data: Events[E]) => void,
): void {
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(
    () => client.on(event, (data) => latest.current(data)),
    [client, event],
  );
}
