/**
 * Something the client noticed and handled by itself, worth telling a
 * developer once but not an error: the server sent an event type or a field
 * this client's protocol does not define (the server runs a newer, compatible
 * revision), and the client ignored it.
 *
 * @example Usage
 * ```ts
 * import type { ClientDiagnostic, EventMap, WiretypeClient } from "@wiretype/wiretype/client";
 *
 * declare const chat: WiretypeClient<EventMap>; // a generated client, e.g. new ChatClient(options)
 * chat.onDiagnostic((diagnostic: ClientDiagnostic) => console.info(diagnostic.message));
 * ```
 */
export type ClientDiagnostic =
  | {
    readonly kind: "unknown_event";
    /** The event's type. */
    readonly event: string;
    readonly message: string;
  }
  | {
    readonly kind: "unknown_field";
    /** The type that lacks it: `ChatMessage`, or a place in one: `ChatPresenceEvent.members[*]`. */
    readonly owner: string;
    readonly field: string;
    readonly message: string;
  };

/**
 * How many unknown events and fields a client has ignored since it was
 * created.
 *
 * @example Usage
 * ```ts
 * import type { EventMap, IgnoredCounts, WiretypeClient } from "@wiretype/wiretype/client";
 *
 * declare const chat: WiretypeClient<EventMap>; // a generated client, e.g. new ChatClient(options)
 * const { events, fields }: IgnoredCounts = chat.ignored;
 * ```
 */
export interface IgnoredCounts {
  /** Events of a type the protocol does not define. */
  readonly events: number;
  /** Fields of events and answers the protocol does not define (each time one arrives). */
  readonly fields: number;
}
