import { ChatClient } from "../../protocol/gen/chat_client.ts";
import { NotificationsClient } from "../../protocol/gen/notifications_client.ts";
import type { ConnectionState } from "@wiretype/wiretype/client";

/** A demo user signed in through `/login`, with ticket-authenticated clients. */
export interface DemoUser {
  readonly name: string;
  readonly chat: ChatClient;
  readonly notifications: NotificationsClient;
  /** Closes both clients. */
  close(): void;
}

/**
 * Signs `name` in at the demo (`POST /login`) and creates its chat and
 * notifications clients, which fetch a fresh one-time ticket with the JWT
 * before every connection attempt, as the browser page does.
 */
export async function signIn(baseUrl: string, name: string): Promise<DemoUser> {
  const login = await fetch(`${baseUrl}/login`, {
    method: "POST",
    body: JSON.stringify({ name }),
  });
  if (!login.ok) {
    throw new Error(`login failed: ${login.status} ${await login.text()}`);
  }
  const { token } = await login.json();
  const ticket = async () => {
    const response = await fetch(`${baseUrl}/auth/ticket`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, origin: baseUrl },
    });
    if (!response.ok) {
      throw new Error(
        `ticket refused: ${response.status} ${await response.text()}`,
      );
    }
    return (await response.json()).ticket as string;
  };
  const url = baseUrl.replace(/^http/, "ws");
  const chat = new ChatClient({ url, ticket });
  const notifications = new NotificationsClient({ url, ticket });
  return {
    name,
    chat,
    notifications,
    close() {
      chat.close();
      notifications.close();
    },
  };
}

/** Resolves when the client's state becomes `open` (rejects after `timeoutMs`). */
export function whenOpen(
  client: {
    state: ConnectionState;
    onState(listener: (state: ConnectionState) => void): () => void;
  },
  timeoutMs = 15_000,
): Promise<void> {
  if (client.state.kind === "open") return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(
        new Error(
          `not open after ${timeoutMs} ms: ${JSON.stringify(client.state)}`,
        ),
      );
    }, timeoutMs);
    const stop = client.onState((state) => {
      if (state.kind !== "open") return;
      clearTimeout(timer);
      stop();
      resolve();
    });
  });
}

/**
 * Resolves with the first `event` the client receives that satisfies
 * `accept` (rejects after `timeoutMs`). Subscribe before causing the event.
 */
export function nextEvent<T>(
  subscribe: (listener: (data: T) => void) => () => void,
  accept: (data: T) => boolean = () => true,
  timeoutMs = 15_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`no matching event within ${timeoutMs} ms`));
    }, timeoutMs);
    const unsubscribe = subscribe((data) => {
      if (!accept(data)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(data);
    });
  });
}
