import { checkFunction } from "../_option_checks.ts";

/**
 * What the server logs: one event per closed connection, per refused
 * connection or message, per failed authentication, per handler that threw,
 * and per internal failure. A {@link Logger} turns them into lines.
 *
 * @example Usage
 * ```ts
 * import type { LogEvent, Logger } from "@wiretype/wiretype/server";
 *
 * const authFailures = new Map<string, number>();
 * const logger: Logger = {
 *   log(event: LogEvent) {
 *     if (event.kind === "auth_failed") {
 *       authFailures.set(event.reason, (authFailures.get(event.reason) ?? 0) + 1);
 *     }
 *   },
 * };
 * ```
 */
export type LogEvent =
  | ConnectionClosedEvent
  | ConnectionRejectedEvent
  | MessageRejectedEvent
  | AuthFailedEvent
  | HandlerErrorEvent
  | ServerErrorEvent;

/**
 * A connection closed: the "access log" line of a WebSocket.
 *
 * @example Usage
 * ```ts
 * import type { Logger } from "@wiretype/wiretype/server";
 *
 * const logger: Logger = {
 *   log(event) {
 *     if (event.kind === "connection_closed") console.log(event.route, event.code, event.durationMs);
 *   },
 * };
 * ```
 */
export interface ConnectionClosedEvent {
  /** Discriminant. */
  readonly kind: "connection_closed";
  /** The route path, e.g. `/chat`. */
  readonly route: string;
  /** The connection's id. */
  readonly connectionId: string;
  /** The user (`sub`), if authenticated. */
  readonly userId: string | undefined;
  /** The client's IP address. */
  readonly remoteAddress: string;
  /** The close code: the server's when it closed, else the client's. */
  readonly code: number;
  /** The close reason. */
  readonly reason: string;
  /** From the upgrade to the close. */
  readonly durationMs: number;
  /** Frames received. */
  readonly messagesIn: number;
  /** UTF-8 bytes received. */
  readonly bytesIn: number;
  /** Frames sent. */
  readonly messagesOut: number;
  /** UTF-8 bytes sent. */
  readonly bytesOut: number;
}

/**
 * An upgrade request was refused (HTTP status) before any WebSocket existed.
 *
 * @example Usage
 * ```ts
 * import type { Logger } from "@wiretype/wiretype/server";
 *
 * const logger: Logger = {
 *   log(event) {
 *     if (event.kind === "connection_rejected") console.log(event.status, event.reason);
 *   },
 * };
 * ```
 */
export interface ConnectionRejectedEvent {
  /** Discriminant. */
  readonly kind: "connection_rejected";
  /** The requested path. */
  readonly route: string;
  /** The client's IP address. */
  readonly remoteAddress: string;
  /** The HTTP status answered, e.g. 403. */
  readonly status: number;
  /** Why, e.g. `origin`, `too_many_connections_per_ip`, an auth reason. */
  readonly reason: string;
}

/**
 * A message got an error reply instead of reaching a handler.
 *
 * @example Usage
 * ```ts
 * import type { Logger } from "@wiretype/wiretype/server";
 *
 * const logger: Logger = {
 *   log(event) {
 *     if (event.kind === "message_rejected") console.log(event.code, event.path);
 *   },
 * };
 * ```
 */
export interface MessageRejectedEvent {
  /** Discriminant. */
  readonly kind: "message_rejected";
  /** The route path. */
  readonly route: string;
  /** The connection's id. */
  readonly connectionId: string;
  /** The user (`sub`), if authenticated. */
  readonly userId: string | undefined;
  /** The wire error code, e.g. `invalid_data`. */
  readonly code: string;
  /** The error message sent to the client. */
  readonly message: string;
  /** For `invalid_data`: the JSON path of the offending value. */
  readonly path?: string;
}

/**
 * A token or ticket was refused, with the reason clients never see.
 *
 * @example Usage
 * ```ts
 * import type { Logger } from "@wiretype/wiretype/server";
 *
 * const logger: Logger = {
 *   log(event) {
 *     if (event.kind === "auth_failed") console.log(event.stage, event.reason);
 *   },
 * };
 * ```
 */
export interface AuthFailedEvent {
  /** Discriminant. */
  readonly kind: "auth_failed";
  /** The requested path. */
  readonly route: string;
  /** The client's IP address. */
  readonly remoteAddress: string;
  /** `ticket` (the ticket endpoint), `upgrade` (ticket or header), `message` (first-message auth) or `refresh`. */
  readonly stage: "ticket" | "upgrade" | "message" | "refresh";
  /** An `AuthErrorCode`, e.g. `expired`. */
  readonly reason: string;
  /** The connection, once there is one. */
  readonly connectionId?: string;
  /** The user the connection had or claimed, when known. */
  readonly userId?: string;
}

/**
 * A handler or hook threw; the client got `internal_error`.
 *
 * @example Usage
 * ```ts
 * import type { Logger } from "@wiretype/wiretype/server";
 *
 * const logger: Logger = {
 *   log(event) {
 *     if (event.kind === "handler_error") console.error(event.handler, event.error);
 *   },
 * };
 * ```
 */
export interface HandlerErrorEvent {
  /** Discriminant. */
  readonly kind: "handler_error";
  /** The route path. */
  readonly route: string;
  /** The connection's id. */
  readonly connectionId: string;
  /** The user (`sub`), if authenticated. */
  readonly userId: string | undefined;
  /** The message type, or `onOpen` / `onClose` / `authorize`. */
  readonly handler: string;
  /** What was thrown. */
  readonly error: unknown;
}

/**
 * Something in the server itself failed (fan-out, authenticator).
 *
 * @example Usage
 * ```ts
 * import type { Logger } from "@wiretype/wiretype/server";
 *
 * const logger: Logger = {
 *   log(event) {
 *     if (event.kind === "server_error") console.error(event.message, event.error);
 *   },
 * };
 * ```
 */
export interface ServerErrorEvent {
  /** Discriminant. */
  readonly kind: "server_error";
  /** What failed. */
  readonly message: string;
  /** What was thrown; undefined for a problem of the set-up. */
  readonly error: unknown;
}

/**
 * Where log events go. Pass one as `createServer({ logger })`; the default
 * is {@link consoleLogger}.
 *
 * @example Usage
 * ```ts
 * import type { LogEvent, Logger } from "@wiretype/wiretype/server";
 *
 * const events: LogEvent[] = [];
 * const logger: Logger = { log: (event) => events.push(event) };
 * ```
 */
export interface Logger {
  /** Records one event; must not throw. */
  log(event: LogEvent): void;
}

/**
 * Concise human-readable lines on the console, like morgan's: errors on
 * `console.error`, the rest on `console.log`.
 *
 * @example Usage
 * ```ts
 * import { consoleLogger, createServer, type Route } from "@wiretype/wiretype/server";
 *
 * declare const chat: Route; // chatRoute(handlers), from the generated chat_server.ts
 * const server = createServer({ routes: [chat], logger: consoleLogger() });
 * // WS /chat 1000 "bye" 5234ms alice in 12/1.2kB out 40/6.1kB 127.0.0.1 #3f2a9c1e
 * ```
 */
export function consoleLogger(): Logger {
  return {
    log(event) {
      const line = formatLogEvent(event);
      if (event.kind === "handler_error" || event.kind === "server_error") {
        // A problem of the set-up, not a failed call, has nothing thrown.
        if (event.error === undefined) console.error(line);
        else console.error(line, event.error);
      } else {
        console.log(line);
      }
    },
  };
}

/**
 * One JSON object per line with a `time` field, for log collectors. Errors
 * become `{name, message, stack}`.
 *
 * @example Usage
 * ```ts
 * import { createServer, jsonLinesLogger, type Route } from "@wiretype/wiretype/server";
 *
 * declare const chat: Route; // chatRoute(handlers), from the generated chat_server.ts
 * const server = createServer({ routes: [chat], logger: jsonLinesLogger() });
 * // {"time":"2026-01-01T00:00:00.000Z","kind":"connection_closed","route":"/chat",...}
 * ```
 */
export function jsonLinesLogger(
  write: (line: string) => void = (line) => console.log(line),
): Logger {
  checkFunction(
    "jsonLinesLogger",
    "write",
    write,
    "a function (line) => void",
  );
  return {
    log(event) {
      write(JSON.stringify(
        { time: new Date().toISOString(), ...event },
        (_key, value) =>
          value instanceof Error
            ? { name: value.name, message: value.message, stack: value.stack }
            : value,
      ));
    },
  };
}

/**
 * The one-line text form of an event, as {@link consoleLogger} prints it.
 *
 * @example Usage
 * ```ts
 * import { formatLogEvent } from "@wiretype/wiretype/server";
 *
 * formatLogEvent({ kind: "connection_rejected", route: "/chat", remoteAddress: "10.0.0.7", status: 403, reason: "origin" });
 * // "WS /chat 403 rejected origin 10.0.0.7"
 * ```
 */
export function formatLogEvent(event: LogEvent): string {
  switch (event.kind) {
    case "connection_closed":
      return `WS ${event.route} ${event.code} ${
        JSON.stringify(event.reason)
      } ` +
        `${Math.round(event.durationMs)}ms ${event.userId ?? "-"} ` +
        `in ${event.messagesIn}/${formatBytes(event.bytesIn)} ` +
        `out ${event.messagesOut}/${formatBytes(event.bytesOut)} ` +
        `${event.remoteAddress} #${shortId(event.connectionId)}`;
    case "connection_rejected":
      return `WS ${event.route} ${event.status} rejected ${event.reason} ${event.remoteAddress}`;
    case "message_rejected":
      return `WS ${event.route} message rejected ${event.code}` +
        (event.path === undefined ? "" : ` at ${event.path}`) +
        ` ${event.userId ?? "-"} #${
          shortId(event.connectionId)
        }: ${event.message}`;
    case "auth_failed":
      // The ticket endpoint is plain HTTP; the other stages are a socket's.
      return `${event.stage === "ticket" ? "HTTP" : "WS"} ${event.route} ` +
        `auth failed (${event.stage}) ${event.reason} ` +
        `${event.userId ?? "-"} ${event.remoteAddress}`;
    case "handler_error":
      return `WS ${event.route} handler ${event.handler} threw ` +
        `${event.userId ?? "-"} #${shortId(event.connectionId)}`;
    case "server_error":
      return `WS server error: ${event.message}`;
  }
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes}B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)}kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)}MB`;
}

function shortId(connectionId: string): string {
  return connectionId.slice(0, 8);
}
