/**
 * The client runtime that generated clients extend (`ChatClient extends
 * WiretypeClient<ChatServerEvents>`): connection state, reconnects with
 * backoff, queueing, RPCs with timeouts, validation of what the server
 * sends, positions in the server's streams and recovery of what was missed.
 * Runs unchanged in browsers, Deno and Node. The helpers generated
 * validators call are on `@wiretype/wiretype/codegen-runtime`, which
 * generated clients import; applications import the generated client and,
 * for its types, this subpath.
 *
 * @example Usage
 * ```ts
 * import { type ClientOptions, WiretypeClient } from "@wiretype/wiretype/client";
 *
 * // The generator writes ChatClient (protocol/gen/chat_client.ts) from your protocol, like this:
 * declare class ChatClient extends WiretypeClient<{ message: { user: string; text: string } }> {
 *   constructor(options: ClientOptions);
 *   join(data: { room: string }): void;
 * }
 *
 * const chat = new ChatClient({ url: "ws://127.0.0.1:8000", token: async () => (await fetch("/api/token")).text() });
 * chat.onState((state) => console.log("connection:", state.kind));
 * chat.on("message", (message) => console.log(`${message.user}: ${message.text}`));
 * // After a reconnect: did every room get what it missed while disconnected?
 * chat.onRecovery(({ recovered }) => recovered || console.warn("some messages were lost"));
 * chat.connect();
 * chat.join({ room: "general" });
 * ```
 *
 * @module
 */
export { WiretypeClient } from "./client.ts";
export type {
  ClientOptions,
  ClientTimers,
  QueueOptions,
  ReconnectOptions,
  RequestOptions,
  WebSocketConstructor,
} from "./client_options.ts";
export { ClientError, ClientErrorCode } from "./client_error.ts";
export type { ConnectionState } from "./connection_state.ts";
export type { ClientDiagnostic, IgnoredCounts } from "./client_diagnostic.ts";
export type {
  RecoveryReason,
  RecoveryResult,
  StreamRecovery,
  StreamStats,
  UnrecoveredReason,
} from "./recovery_result.ts";
export type { EventMap } from "./client_protocol.ts";
export { CloseCode, isTerminalCloseCode } from "../wire/close_codes.ts";
export {
  ErrorCode,
  type ErrorData,
  ProtocolError,
} from "../wire/protocol_error.ts";
export type {
  UnknownFieldListener,
  ValidationIssue,
  Validator,
} from "../wire/validation.ts";
