import type { ClientProtocol } from "./client_protocol.ts";

/**
 * The `@replay` messages sent on the current session (for example the rooms
 * joined), re-sent after every reconnect so the server rebuilds its state.
 * Equal messages are remembered once; an `@forgets` message (such as
 * `leave`) removes the remembered one with equal data.
 */
export class ReplayMemory {
  readonly #replayed: ReadonlySet<string>;
  readonly #forgets: { readonly [message: string]: string };
  /** By type and canonical JSON of the data, in the order first sent. */
  readonly #remembered = new Map<string, { type: string; data: unknown }>();

  constructor(protocol: ClientProtocol) {
    this.#replayed = new Set(protocol.replay);
    this.#forgets = protocol.forgets;
  }

  /** Records a message that was just sent. */
  noteSent(type: string, data: unknown): void {
    if (this.#replayed.has(type)) {
      const key = memoryKey(type, data);
      // A repeated message keeps the place of its first send.
      if (!this.#remembered.has(key)) this.#remembered.set(key, { type, data });
    }
    if (Object.hasOwn(this.#forgets, type)) {
      this.#remembered.delete(memoryKey(this.#forgets[type], data));
    }
  }

  /** The messages to re-send after a reconnect, in the order first sent. */
  entries(): Array<{ type: string; data: unknown }> {
    return [...this.#remembered.values()];
  }

  /** Forgets everything (a new session). */
  clear(): void {
    this.#remembered.clear();
  }
}

function memoryKey(type: string, data: unknown): string {
  return type + "\u0000" + canonicalJson(data);
}

/** JSON with sorted keys, so `{a, b}` and `{b, a}` compare equal. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== "object" || Array.isArray(inner)) {
      return inner;
    }
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(inner).sort()) {
      sorted[key] = (inner as Record<string, unknown>)[key];
    }
    return sorted;
  }) ?? "null";
}
