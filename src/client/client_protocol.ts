import type { Validator } from "../wire/validation.ts";

/**
 * The events a server may send, by name, with the type of their data. The
 * code generator emits one per protocol (`ChatServerEvents`). Declared here
 * rather than imported from the server so client code loads nothing of it.
 *
 * @example Usage
 * ```ts
 * import type { EventMap } from "@wiretype/wiretype/client";
 *
 * type EchoEvents = { said: { text: string } };
 * const events: EventMap = {} as EchoEvents;
 * ```
 */
export type EventMap = { readonly [event: string]: unknown };

/**
 * What a generated client tells the client runtime about its protocol: where
 * to connect, which version to offer, and how to validate what arrives.
 *
 * @example Usage
 * ```ts
 * import type { ClientProtocol } from "@wiretype/wiretype/codegen-runtime";
 *
 * const echoProtocol: ClientProtocol = {
 *   name: "Echo", path: "/echo", version: "0123456789ab",
 *   events: { said: (value) => typeof value === "object" ? undefined : { path: "", message: "expected object" } },
 *   results: {}, outgoing: {}, replay: [], forgets: {},
 * };
 * ```
 */
export interface ClientProtocol {
  /** The protocol interface's name, e.g. `Chat`. */
  readonly name: string;
  /** The path it is served at, e.g. `/chat`. */
  readonly path: string;
  /** Hash of the normalised protocol, offered as `wiretype.<version>`. */
  readonly version: string;
  /** Validators of the server events, by event name. */
  readonly events: { readonly [event: string]: Validator };
  /** Validators of RPC answers, by RPC name. */
  readonly results: { readonly [rpc: string]: Validator };
  /**
   * Validators of what the client sends (client messages and RPC requests),
   * by name: data the server would refuse is refused before it is sent.
   * Generated clients always set it; a type without one is sent unchecked.
   */
  readonly outgoing?: { readonly [type: string]: Validator };
  /** Client messages tagged `@replay`: re-sent after a reconnect (e.g. `join`). */
  readonly replay: readonly string[];
  /** Client messages tagged `@forgets X`: sending one un-remembers the matching `X`. */
  readonly forgets: { readonly [message: string]: string };
  /**
   * Versions of the protocol's earlier revisions (from its record). A 4409
   * from a server of one of them means the server is older than the client
   * (a rolling deploy in progress): the client retries with backoff
   * instead of stopping.
   */
  readonly olderVersions?: readonly string[];
}

/**
 * Members of the client runtime's base class. A protocol may not name a
 * client message after one of them, since the generated class has a method
 * per message; the code generator refuses such names.
 *
 * @example Usage
 * ```ts
 * import { RESERVED_CLIENT_MEMBERS } from "@wiretype/wiretype/codegen-runtime";
 *
 * RESERVED_CLIENT_MEMBERS.includes("close"); // true
 * ```
 */
export const RESERVED_CLIENT_MEMBERS: readonly string[] = [
  "connect",
  "close",
  "on",
  "onState",
  "onError",
  "onRecovery",
  "state",
  "streamStats",
  "retryNow",
  "sendMessage",
  "callRpc",
  "constructor",
  "onDiagnostic",
  "ignored",
];
