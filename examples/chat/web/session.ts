/**
 * The demo's sign-in and the clients of one signed-in tab. Development
 * only: `/login` trusts any name.
 *
 * @module
 */
import {
  ChatClient,
  chatClientProtocol,
} from "../../../protocol/gen/chat_client.ts";
import {
  NotificationsClient,
  notificationsClientProtocol,
} from "../../../protocol/gen/notifications_client.ts";

/** A signed-in tab: who, and its two connections. */
export interface Session {
  readonly name: string;
  readonly chat: ChatClient;
  readonly notifications: NotificationsClient;
}

const TOKEN_KEY = "wiretype-demo-token";
const NAME_KEY = "wiretype-demo-name";

/** `POST /login {name}` -> a JWT, kept in this tab's session storage. */
export async function logIn(name: string): Promise<string> {
  const response = await fetch("/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name }),
  });
  const body = await response.json() as { token?: string; error?: string };
  if (!response.ok || typeof body.token !== "string") {
    throw new Error(body.error ?? `login failed (${response.status})`);
  }
  sessionStorage.setItem(NAME_KEY, name);
  sessionStorage.setItem(TOKEN_KEY, body.token);
  return body.token;
}

/** The name this tab signed in with before a reload, if any. */
export function rememberedName(): string | undefined {
  return sessionStorage.getItem(NAME_KEY) ?? undefined;
}

/**
 * A one-time ticket for the next connection attempt (browsers cannot send
 * an `Authorization` header on a WebSocket, and a JWT in a URL ends up in
 * logs). When the server no longer accepts the token (it restarted with a
 * new secret, or the token expired), signs in again with the same name.
 */
async function fetchTicket(name: string, route: string): Promise<string> {
  for (let tries = 0; tries < 2; tries++) {
    const token = sessionStorage.getItem(TOKEN_KEY) ?? await logIn(name);
    // `route` lets a server that binds tickets to routes (bindRoute) issue one.
    const response = await fetch(`/auth/ticket?route=${route}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
    });
    if (response.ok) {
      const { ticket } = await response.json() as { ticket: string };
      return ticket;
    }
    await response.body?.cancel();
    if (response.status !== 401) break;
    sessionStorage.removeItem(TOKEN_KEY);
  }
  throw new Error("could not get a connection ticket");
}

/** The clients of a signed-in tab; `useSocket` connects them. */
export function createSession(name: string): Session {
  const options = (route: string) => ({
    url: location.origin,
    ticket: () => fetchTicket(name, route),
    reconnect: { initialDelayMs: 250, maxDelayMs: 5_000 },
  });
  return {
    name,
    chat: new ChatClient(options(chatClientProtocol.path)),
    notifications: new NotificationsClient(
      options(notificationsClientProtocol.path),
    ),
  };
}
