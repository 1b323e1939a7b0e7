import type { ValidationIssue } from "../wire/validation.ts";

/**
 * Stable codes of {@link ClientError}. Applications may switch on them; the
 * messages are for people.
 *
 * @example Usage
 * ```ts
 * import { ClientErrorCode, type EventMap, type WiretypeClient } from "@wiretype/wiretype/client";
 *
 * declare const chat: WiretypeClient<EventMap>; // a generated client, e.g. new ChatClient(options)
 * chat.onError((error) => {
 *   if (error.code === ClientErrorCode.InvalidEvent) console.warn(error.issue);
 * });
 * ```
 */
export const ClientErrorCode = {
  /** More messages were sent while disconnected than `queue.maxMessages` allows. */
  QueueFull: "queue_full",
  /** The client was closed (by `close()` or a close code that forbids retrying). */
  Closed: "closed",
  /** The connection dropped while an RPC waited for its answer. */
  Disconnected: "disconnected",
  /** An RPC got no answer within its timeout. */
  RpcTimeout: "rpc_timeout",
  /** An RPC was aborted through its `signal`. */
  Aborted: "aborted",
  /** A frame from the server is not a JSON envelope (or is binary). */
  InvalidFrame: "invalid_frame",
  /**
   * No longer reported: an event the protocol does not define comes from a
   * newer server and is ignored, counted and reported once through
   * `onDiagnostic`. Kept so code that switches on it still compiles.
   */
  UnknownEvent: "unknown_event",
  /** An event's data does not match the protocol; `issue` says where. */
  InvalidEvent: "invalid_event",
  /** An RPC answer does not match the protocol; `issue` says where. */
  InvalidResult: "invalid_result",
  /** The server reported an error about a message that was not an RPC; `cause` is the `ProtocolError`. */
  ServerError: "server_error",
  /**
   * Creating the WebSocket failed: the runtime refused the URL, or
   * `options.WebSocket` did not construct a WebSocket. The client closes,
   * since retrying cannot help; `cause` is what was thrown. (A bad option
   * is a `TypeError` or `RangeError` from the constructor, not a code.)
   */
  SocketFailed: "socket_failed",
  /** The `ticket` function threw or gave no ticket; the attempt counts as failed and is retried. */
  TicketFailed: "ticket_failed",
  /** The `token` function threw or gave no token; the attempt or refresh counts as failed. */
  TokenFailed: "token_failed",
  /** The server refused the token sent in an `auth` message. */
  AuthRejected: "auth_rejected",
  /** No `welcome` arrived within `openTimeoutMs` of connecting. */
  OpenTimeout: "open_timeout",
  /** The server sent nothing, not even a ping, for `serverSilenceMs`. */
  ServerSilent: "server_silent",
  /** An application listener threw; `cause` is what it threw. */
  ListenerFailed: "listener_failed",
} as const;

/** One of the codes in {@link ClientErrorCode}. */
export type ClientErrorCode =
  typeof ClientErrorCode[keyof typeof ClientErrorCode];

/**
 * Everything the client runtime reports, through `onError` (problems that
 * do not stop the client) or by rejecting an RPC's promise.
 *
 * @example Usage
 * ```ts
 * import { ClientError, type EventMap, type WiretypeClient } from "@wiretype/wiretype/client";
 *
 * // A generated client with a `history` RPC, e.g. new ChatClient(options)
 * declare const chat: WiretypeClient<EventMap> & {
 *   history(data: { room: string }): Promise<{ messages: string[] }>;
 * };
 * try {
 *   await chat.history({ room: "general" });
 * } catch (error) {
 *   if (error instanceof ClientError && error.code === "rpc_timeout") console.warn("no answer yet; try again later");
 * }
 * ```
 */
export class ClientError extends Error {
  /** A stable code from {@link ClientErrorCode}. */
  readonly code: ClientErrorCode;
  /** For `invalid_event` and `invalid_result`: what did not match, and where. */
  readonly issue?: ValidationIssue;

  /** Creates an error with a stable code; `issue` for validation failures. */
  constructor(
    code: ClientErrorCode,
    message: string,
    options?: { readonly cause?: unknown; readonly issue?: ValidationIssue },
  ) {
    super(
      message,
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = "ClientError";
    this.code = code;
    if (options?.issue !== undefined) this.issue = options.issue;
  }
}
