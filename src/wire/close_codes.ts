/**
 * The one table of WebSocket close codes wiretype uses. Codes 1xxx are the
 * RFC 6455 ones; 4xxx are application codes whose last three digits echo the
 * HTTP status they resemble, so a log reader can guess their meaning.
 *
 * @example Usage
 * ```ts
 * import { CloseCode } from "@wiretype/wiretype";
 *
 * const socket = new WebSocket("ws://127.0.0.1:8000/chat");
 * socket.onclose = (event) => {
 *   if (event.code === CloseCode.RateLimited) console.warn("slow down:", event.reason);
 * };
 * ```
 */
export const CloseCode = {
  /** Closed on purpose, nothing wrong (e.g. the client's `close()`). */
  Normal: 1000,
  /** Server shutting down or connection stalled; reconnect later. */
  GoingAway: 1001,
  /** Never sent: runtimes report it when a connection failed or dropped without a close frame. */
  Abnormal: 1006,
  /** A policy was broken (bad origin after upgrade, repeated bad input, binary frame). */
  PolicyViolation: 1008,
  /** A frame exceeded `maxMessageBytes`. */
  MessageTooBig: 1009,
  /** The server cannot keep up with this connection (slow consumer); retry later. */
  TryAgainLater: 1013,
  /** Authentication failed or the token expired without refresh. */
  Unauthenticated: 4401,
  /** Authenticated, but not allowed on this route. */
  Forbidden: 4403,
  /** No authentication arrived before the deadline. */
  AuthTimeout: 4408,
  /**
   * The client's protocol version is incompatible with the server's (the
   * reason names what broke) or unknown to it; a generated client retries
   * only when the reason names a server of one of its earlier revisions.
   */
  VersionMismatch: 4409,
  /** Persistent abuse of the per-connection rate limit. */
  RateLimited: 4429,
} as const;

/** One of the close codes in {@link CloseCode}. */
export type CloseCode = typeof CloseCode[keyof typeof CloseCode];

/**
 * Close codes after which a client must not reconnect by itself: retrying
 * would fail the same way until a person or a deploy changes something.
 *
 * @example Usage
 * ```ts
 * import { CloseCode, isTerminalCloseCode } from "@wiretype/wiretype/client";
 *
 * isTerminalCloseCode(CloseCode.VersionMismatch); // true
 * ```
 */
export function isTerminalCloseCode(code: number): boolean {
  return code === CloseCode.Unauthenticated ||
    code === CloseCode.Forbidden ||
    code === CloseCode.VersionMismatch;
}
