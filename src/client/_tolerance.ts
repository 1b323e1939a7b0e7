import type { UnknownFieldListener } from "../wire/validation.ts";
import type { ClientDiagnostic, IgnoredCounts } from "./client_diagnostic.ts";

const REGENERATE =
  "to use it, regenerate the client: deno run -A jsr:@wiretype/wiretype/codegen <dir>";
/** Distinct unknown names reported at most, so a server cannot grow memory with made-up names. */
const MAX_REPORTED = 100;

/**
 * The client's tolerant reading of what a newer server sends: event types
 * and fields of events and answers that the protocol does not define are
 * ignored, counted, and reported once each through the diagnostics (never
 * as errors), so a deploy that adds them does not break open clients.
 */
export class Tolerance {
  readonly #listeners = new Set<(diagnostic: ClientDiagnostic) => void>();
  readonly #reported = new Set<string>();
  #events = 0;
  #fields = 0;

  /** The listener generated validators call for a field they do not know. */
  readonly unknownField: UnknownFieldListener = (owner, field) => {
    this.#fields++;
    this.#once(`field ${owner}.${field}`, {
      kind: "unknown_field",
      owner,
      field,
      message:
        `ignored the field "${field}" of ${owner}, which this client's protocol does not define (the server is newer; ${REGENERATE})`,
    });
  };

  /** An event of a type the protocol does not define arrived. */
  unknownEvent(event: string): void {
    this.#events++;
    this.#once(`event ${event}`, {
      kind: "unknown_event",
      event,
      message:
        `ignored the event "${event}", which this client's protocol does not define (the server is newer; ${REGENERATE})`,
    });
  }

  /** How many unknown events and fields were ignored so far. */
  get counts(): IgnoredCounts {
    return { events: this.#events, fields: this.#fields };
  }

  /** Adds a diagnostic listener; returns its removal. */
  onDiagnostic(listener: (diagnostic: ClientDiagnostic) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  #once(key: string, diagnostic: ClientDiagnostic): void {
    if (this.#reported.has(key) || this.#reported.size >= MAX_REPORTED) return;
    this.#reported.add(key);
    if (this.#listeners.size === 0) {
      console.info(`wiretype: ${diagnostic.message}`);
      return;
    }
    for (const listener of [...this.#listeners]) {
      try {
        listener(diagnostic);
      } catch (cause) {
        console.error("wiretype: an onDiagnostic listener threw", cause);
      }
    }
  }
}
