import { useEffect, useRef } from "react";
import type { WiretypeClient } from "../client/client.ts";
import type { EventMap } from "../client/client_protocol.ts";
import type { RecoveryResult } from "../client/recovery_result.ts";

/**
 * Calls `handler` with every {@link RecoveryResult} of the client while the
 * component is mounted: after each reconnect, and when a stream lost
 * publications during a connection. The place to refetch what a stream
 * that was not recovered shows. The handler may change on every render
 * without resubscribing.
 *
 * @example Usage
 * ```tsx
 * import { useState } from "react";
 * import type { EventMap, WiretypeClient } from "@wiretype/wiretype/client";
 * import { useRecovery } from "@wiretype/wiretype/react";
 *
 * type ChatMessage = { id: string; user: string; text: string };
 * // The generated ChatClient (protocol/gen/chat_client.ts), as far as this component needs it:
 * type ChatClient = WiretypeClient<EventMap> & {
 *   history(data: { room: string }): Promise<{ messages: ChatMessage[] }>;
 * };
 *
 * export function Room({ chat, room }: { chat: ChatClient; room: string }) {
 *   const [messages, setMessages] = useState<ChatMessage[]>([]);
 *   const reload = () => chat.history({ room }).then((answer) => setMessages(answer.messages));
 *   useRecovery(chat, ({ streams }) => {
 *     if (streams[`room:${room}`]?.recovered !== true) void reload();
 *   });
 *   return <p>{messages.length} messages</p>;
 * }
 * ```
 */
export function useRecovery<Events extends EventMap>(
  client: WiretypeClient<Events>,
  handler: (result: RecoveryResult) => void,
): void {
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(
    () => client.onRecovery((result) => latest.current(result)),
    [client],
  );
}
