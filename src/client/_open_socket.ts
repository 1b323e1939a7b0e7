import { describeValue } from "../_option_checks.ts";
import { versionSubprotocol } from "../wire/version.ts";
import { isWebSocketLike, type WebSocketLike } from "./_socket.ts";
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
  const ticket = await credential(
    "ticket",
    options.ticket,
    ClientErrorCode.TicketFailed,
  );
  if (typeof ticket === "object") return ticket;
  const token = await credential(
    "token",
    options.token,
    ClientErrorCode.TokenFailed,
  );
  if (typeof token === "object") return token;
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

/**
 * Calls a credential function, if the client has one: its string, or the
 * outcome of an attempt it failed (it threw, or gave something that is not
 * a non-empty string, such as the `undefined` of `(await response.json()).ticket`
 * after a refused ticket request).
 */
async function credential(
  name: "ticket" | "token",
  get: (() => Promise<string>) | undefined,
  code: ClientErrorCode,
): Promise<string | undefined | OpenOutcome> {
  if (get === undefined) return undefined;
  let value: unknown;
  try {
    value = await get();
  } catch (cause) {
    return retry(code, `the ${name} function failed`, cause);
  }
  if (typeof value === "string" && value.length > 0) return value;
  return retry(
    code,
    `the ${name} function returned ${
      describeValue(value)
    }, not a ${name} (did the request for it fail?)`,
    undefined,
  );
}

function retry(
  code: ClientErrorCode,
  message: string,
  cause: unknown,
): OpenOutcome {
  return {
    kind: "retry",
    error: new ClientError(
      code,
      message,
      cause === undefined ? undefined : { cause },
    ),
  };
}
