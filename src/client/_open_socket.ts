import { versionSubprotocol } from "../wire/version.ts";
import { isWebSocketLike, type WebSocketLike } from "./_socket.ts";
import { fetchCredential } from "./_credential.ts";
import { ClientError, ClientErrorCode } from "./client_error.ts";
import { attemptUrl, type ResolvedClientOptions } from "./_resolved_options.ts";
import type { ClientProtocol } from "./client_protocol.ts";

/** How getting a socket for one attempt went. */
export type OpenOutcome =
  | {
    readonly kind: "opened";
    readonly socket: WebSocketLike;
    /** The token to send first (first-message auth), if the client has one. */
    readonly token: string | undefined;
  }
  /** A credential function failed: worth another attempt later. */
  | { readonly kind: "retry"; readonly error: ClientError }
  /** The URL or WebSocket implementation is wrong: retrying cannot help. */
  | { readonly kind: "fail"; readonly error: ClientError }
  /** The attempt ended while credentials were fetched; nothing was opened. */
  | { readonly kind: "stale" };

/**
 * Fetches a fresh ticket and token, then creates the socket with the ticket
 * in the URL and the protocol version offered as subprotocol. `wanted` is
 * asked after every wait, so a client closed meanwhile opens nothing.
 */
export async function openSocket(
  protocol: ClientProtocol,
  options: ResolvedClientOptions,
  wanted: () => boolean,
): Promise<OpenOutcome> {
  const ticket = options.ticket &&
    await fetchCredential("ticket", options.ticket);
  if (ticket instanceof ClientError) return { kind: "retry", error: ticket };
  const token = options.token && await fetchCredential("token", options.token);
  if (token instanceof ClientError) return { kind: "retry", error: token };
  if (!wanted()) return { kind: "stale" };
  const url = attemptUrl(options.baseUrl, protocol.path, ticket);
  let socket: unknown;
  try {
    socket = new options.WebSocket(url.href, [
      versionSubprotocol(protocol.version),
    ]);
  } catch (cause) {
    return {
      kind: "fail",
      error: new ClientError(
        ClientErrorCode.SocketFailed,
        `could not create a WebSocket for ${url.href}`,
        { cause },
      ),
    };
  }
  if (!isWebSocketLike(socket)) {
    return {
      kind: "fail",
      error: new ClientError(
        ClientErrorCode.SocketFailed,
        "options.WebSocket did not construct a WebSocket (no send, close or readyState)",
      ),
    };
  }
  return { kind: "opened", socket, token };
}
