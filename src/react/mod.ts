/**
 * React hooks for generated clients: `useSocket` keeps a client connected
 * while components use it and returns its connection state (with
 * `recovered` after a reconnect); `useEvent` subscribes a component to a
 * typed server event; `useRecovery` calls back when the client learns
 * whether what it missed was recovered. React (18 or 19) is a peer
 * dependency.
 *
 * @example Usage
 * ```tsx
 * import { useState } from "react";
 * import type { WiretypeClient } from "@wiretype/wiretype/client";
 * import { useEvent, useSocket } from "@wiretype/wiretype/react";
 *
 * // The generated ChatClient (protocol/gen/chat_client.ts), as far as this component needs it:
 * type ChatClient = WiretypeClient<{ message: { user: string; text: string } }>;
 *
 * export function Chat({ chat }: { chat: ChatClient }) {
 *   const state = useSocket(chat);
 *   const [lines, setLines] = useState<string[]>([]);
 *   useEvent(chat, "message", (message) => setLines((old) => [...old, message.text]));
 *   return <p>{state.kind}: {lines.length} messages</p>;
 * }
 * ```
 *
 * @module
 */
export { useSocket } from "./use_socket.ts";
export { useEvent } from "./use_event.ts";
export { useRecovery } from "./use_recovery.ts";
