/**
 * The vocabulary of a wiretype protocol definition. A protocol is an
 * exported interface that extends {@link Protocol} with its URL path, and
 * lists what each side may send: `client` messages (and {@link Rpc} calls)
 * and `server` events. Field constraints are JSDoc tags:
 *
 * | tag | applies to | example |
 * | --- | --- | --- |
 * | `@minLength` `@maxLength` | string | `@maxLength 2000` |
 * | `@pattern` | string (a JavaScript regular expression) | `@pattern ^[a-z]+$` |
 * | `@format` | string: `email`, `uuid`, `date-time`, `uri` | `@format uuid` |
 * | `@minimum` `@maximum` | number | `@minimum 1` |
 * | `@exclusiveMinimum` `@exclusiveMaximum` | number | `@exclusiveMinimum 0` |
 * | `@integer` | number | `@integer` |
 * | `@minItems` `@maxItems` | array | `@maxItems 50` |
 *
 * Nothing here exists at run time: the code generator reads these types and
 * emits validators, a server dispatcher and a client.
 *
 * @example Usage
 * ```ts
 * import type { Protocol, Rpc } from "@wiretype/wiretype/define";
 *
 * /** @pattern ^[a-z0-9-]{1,32}$ *\/
 * export type Room = string;
 *
 * export interface Chat extends Protocol<"/chat"> {
 *   client: {
 *     join: { room: Room };
 *     history: Rpc<{ room: Room }, { lines: string[] }>;
 *   };
 *   server: { joined: { room: Room; user: string } };
 * }
 * ```
 *
 * @module
 */

/**
 * Marks an interface as a protocol served at `Path`. Its `client` member
 * lists what clients send, its `server` member what the server sends.
 *
 * @example Usage
 * ```ts
 * import type { Protocol } from "@wiretype/wiretype/define";
 *
 * export interface Echo extends Protocol<"/echo"> {
 *   client: { say: { text: string } };
 *   server: { said: { text: string } };
 * }
 * ```
 */
export interface Protocol<Path extends `/${string}`> {
  /** The URL path the protocol is served at; only the type matters. */
  readonly __path?: Path;
  /** Messages and RPCs a client may send. */
  client: Record<string, unknown>;
  /** Events the server may send. */
  server: Record<string, unknown>;
}

/**
 * A request/response call from client to server: the client method returns a
 * promise of `Response`, the server handler returns it.
 *
 * @example Usage
 * ```ts
 * import type { Rpc } from "@wiretype/wiretype/define";
 *
 * type History = Rpc<{ room: string; limit?: number }, { lines: string[] }>;
 * ```
 */
export interface Rpc<Request, Response> {
  /** The request's data; only the type matters. */
  readonly __request?: Request;
  /** The answer's data; only the type matters. */
  readonly __response?: Response;
}
