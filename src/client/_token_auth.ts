import { ReservedType } from "../wire/envelope.ts";
import type { Connector } from "./_connector.ts";
import type { Link } from "./_link.ts";
import type { ClientListeners } from "./_listeners.ts";
import type { PendingRequests } from "./_pending_requests.ts";
import {
  authExpiresAtMs,
  refreshDelayMs,
  validateAuthAnswer,
} from "./_server_frames.ts";
import { fetchCredential } from "./_credential.ts";
import { ClientError, ClientErrorCode } from "./client_error.ts";
import type { ResolvedClientOptions } from "./_resolved_options.ts";

/**
 * First-message authentication and refresh: sends `{type: "auth", id,
 * data: {token}}` on a socket as soon as it opens, and again with a token
 * from the same function shortly before the server said it expires.
 */
export class TokenAuth {
  readonly #options: ResolvedClientOptions;
  readonly #connector: Connector;
  readonly #requests: PendingRequests;
  readonly #listeners: ClientListeners;

  constructor(
    options: ResolvedClientOptions,
    connector: Connector,
    requests: PendingRequests,
    listeners: ClientListeners,
  ) {
    this.#options = options;
    this.#connector = connector;
    this.#requests = requests;
    this.#listeners = listeners;
  }

  /** Authenticates `link` with `token`, then schedules the refresh. */
  authenticate(link: Link, token: string): void {
    const connector = this.#connector;
    if (!connector.isCurrent(link)) return;
    const answer = this.#requests.send(
      { type: ReservedType.Auth, data: { token } },
      validateAuthAnswer,
      {
        timeoutMs: this.#options.openTimeoutMs,
        signal: undefined,
        onGiveUp: () => {},
      },
      (frame) => {
        connector.sendOn(link, frame);
        // Counted as sent even if the socket just closed, so its end rejects it.
        return true;
      },
    );
    answer.then(
      (data) => this.#scheduleRefresh(link, authExpiresAtMs(data)),
      (cause) => {
        // A dropped connection is reported by the reconnect, not as a refusal.
        if (
          cause instanceof ClientError &&
          cause.code !== ClientErrorCode.RpcTimeout
        ) return;
        this.#listeners.report(
          new ClientError(
            ClientErrorCode.AuthRejected,
            "the server refused the token",
            { cause },
          ),
        );
      },
    );
  }

  #scheduleRefresh(link: Link, expiresAtMs: number | undefined): void {
    const delayMs = refreshDelayMs(expiresAtMs, Date.now());
    const refresh = this.#options.token;
    if (delayMs === undefined || refresh === undefined) return;
    if (!this.#connector.isCurrent(link)) return;
    link.ownedTimers.push(this.#options.timers.setTimeout(() => {
      void fetchCredential("token", refresh, " during a refresh").then(
        (token) =>
          token instanceof ClientError
            ? this.#listeners.report(token)
            : this.authenticate(link, token),
      );
    }, delayMs));
  }
}
