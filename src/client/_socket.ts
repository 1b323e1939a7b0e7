/** The parts of the WHATWG WebSocket API the client uses. */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { readonly data: unknown }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onclose:
    | ((event: { readonly code: number; readonly reason: string }) => void)
    | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/** `readyState` of an open socket. */
export const SOCKET_OPEN = 1;

/**
 * Narrows what a user-supplied WebSocket constructor returned, so a wrong
 * `options.WebSocket` fails at once with a clear message.
 */
export function isWebSocketLike(value: unknown): value is WebSocketLike {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.send === "function" &&
    typeof candidate.close === "function" &&
    typeof candidate.readyState === "number";
}
