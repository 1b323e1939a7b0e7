import { type Clock, clockOf } from "../_clock.ts";
import type { TokenVerifier } from "./jwt_verifier.ts";
import type { TicketStore } from "./ticket_store.ts";
import { MemoryTicketStore } from "./ticket_store_memory.ts";
import {
  checkBoolean,
  checkKnownKeys,
  checkMethods,
  checkName,
  checkNumber,
  checkObject,
  optionKeys,
} from "../_option_checks.ts";

const OWNER = "createAuthenticator";

/**
 * How one-time tickets are issued and redeemed.
 *
 * @example Usage
 * ```ts
 * import type { TicketOptions } from "@wiretype/wiretype/auth";
 *
 * const tickets: TicketOptions = { ttlMs: 15_000, bindRoute: true, bindOrigin: true };
 * ```
 */
export interface TicketOptions {
  /** Where tickets live. Default: a {@link MemoryTicketStore} (one isolate). */
  readonly store?: TicketStore;
  /** Path of the ticket endpoint. Default `"/auth/ticket"`. */
  readonly path?: string;
  /** How long a ticket is valid, at most until the token's `exp`. Default 30 000. */
  readonly ttlMs?: number;
  /**
   * Bind each ticket to one route: the client asks for it with
   * `POST /auth/ticket?route=/chat` and may only use it there. Default false.
   */
  readonly bindRoute?: boolean;
  /**
   * Bind each ticket to the `Origin` it was requested from: a page of another
   * origin cannot use a ticket it stole. Default false.
   */
  readonly bindOrigin?: boolean;
}

/**
 * The first-message flow: connect without credentials, then send
 * `{"type":"auth","id":1,"data":{"token":"<jwt>"}}` before the deadline.
 *
 * @example Usage
 * ```ts
 * import type { FirstMessageOptions } from "@wiretype/wiretype/auth";
 *
 * const firstMessage: FirstMessageOptions = { timeoutMs: 5_000 };
 * ```
 */
export interface FirstMessageOptions {
  /** How long a connection may stay unauthenticated. Default 10 000. */
  readonly timeoutMs?: number;
}

/**
 * Options of `createAuthenticator`. Both flows are on by default; pass
 * `false` to turn one off.
 *
 * @example Usage
 * ```ts
 * import { type AuthenticatorOptions, createJwtVerifier } from "@wiretype/wiretype/auth";
 *
 * const options: AuthenticatorOptions = {
 *   verifier: createJwtVerifier({ algorithms: ["RS256"], jwksUrl: "https://id.example.com/jwks" }),
 *   tickets: { ttlMs: 15_000, bindRoute: true },
 *   firstMessage: false,
 * };
 * ```
 */
export interface AuthenticatorOptions {
  /** Checks JWTs: usually `createJwtVerifier(...)`. */
  readonly verifier: TokenVerifier;
  /** The ticket flow (for browsers), or `false`. */
  readonly tickets?: TicketOptions | false;
  /** The first-message flow, or `false`. */
  readonly firstMessage?: FirstMessageOptions | false;
}

/** {@link TicketOptions} with every default applied. */
export interface TicketSettings {
  readonly store: TicketStore;
  readonly path: string;
  readonly ttlMs: number;
  readonly bindRoute: boolean;
  readonly bindOrigin: boolean;
  /** Where issuing and redeeming read the time. */
  readonly clock: Clock;
}

/** {@link AuthenticatorOptions} with every default applied. */
export interface AuthenticatorSettings {
  readonly verifier: TokenVerifier;
  readonly tickets: TicketSettings | undefined;
  readonly firstMessageTimeoutMs: number | undefined;
}

const AUTHENTICATOR_OPTION_KEYS = optionKeys<AuthenticatorOptions>({
  verifier: true,
  tickets: true,
  firstMessage: true,
});
const TICKET_OPTION_KEYS = optionKeys<TicketOptions>({
  store: true,
  path: true,
  ttlMs: true,
  bindRoute: true,
  bindOrigin: true,
});
const FIRST_MESSAGE_OPTION_KEYS = optionKeys<FirstMessageOptions>({
  timeoutMs: true,
});

const DEFAULT_TICKET_PATH = "/auth/ticket";
const DEFAULT_TICKET_TTL_MS = 30_000;
const DEFAULT_FIRST_MESSAGE_TIMEOUT_MS = 10_000;

/**
 * Applies the defaults and checks every option, naming the one at fault.
 *
 * @example Usage
 * ```ts
 * import { resolveAuthenticatorOptions } from "./authenticator_options.ts";
 * import { createJwtVerifier } from "./jwt_verifier.ts";
 *
 * const verifier = createJwtVerifier({ algorithms: ["HS256"], key: "a secret of at least 32 bytes!!!" });
 * resolveAuthenticatorOptions({ verifier }).tickets?.path; // "/auth/ticket"
 * ```
 */
export function resolveAuthenticatorOptions(
  options: AuthenticatorOptions,
): AuthenticatorSettings {
  checkObject(
    OWNER,
    "options",
    options,
    "an object with at least { verifier }",
  );
  checkKnownKeys(OWNER, "", options, AUTHENTICATOR_OPTION_KEYS);
  checkMethods(
    OWNER,
    "verifier",
    options.verifier,
    ["verify"],
    "a TokenVerifier, e.g. createJwtVerifier(...)",
  );
  if (options.firstMessage !== undefined && options.firstMessage !== false) {
    checkObject(
      OWNER,
      "firstMessage",
      options.firstMessage,
      "an object or false",
    );
    checkKnownKeys(
      OWNER,
      "firstMessage",
      options.firstMessage,
      FIRST_MESSAGE_OPTION_KEYS,
    );
  }
  return {
    verifier: options.verifier,
    tickets: options.tickets === false
      ? undefined
      : resolveTickets(options.tickets ?? {}, clockOf(options)),
    firstMessageTimeoutMs: options.firstMessage === false
      ? undefined
      : positiveInteger(
        "firstMessage.timeoutMs",
        options.firstMessage?.timeoutMs ?? DEFAULT_FIRST_MESSAGE_TIMEOUT_MS,
      ),
  };
}

function resolveTickets(
  tickets: TicketOptions,
  clock: Clock,
): TicketSettings {
  checkObject(OWNER, "tickets", tickets, "an object or false");
  checkKnownKeys(OWNER, "tickets", tickets, TICKET_OPTION_KEYS);
  const path = checkName(
    OWNER,
    "tickets.path",
    tickets.path ?? DEFAULT_TICKET_PATH,
    'a path starting with "/"',
    /^\//,
  );
  const store = tickets.store ?? new MemoryTicketStore();
  checkMethods(
    OWNER,
    "tickets.store",
    store,
    ["put", "take"],
    "a TicketStore (put, take, close)",
  );
  return {
    store,
    path,
    ttlMs: positiveInteger(
      "tickets.ttlMs",
      tickets.ttlMs ?? DEFAULT_TICKET_TTL_MS,
    ),
    bindRoute: checkBoolean(
      OWNER,
      "tickets.bindRoute",
      tickets.bindRoute ?? false,
    ),
    bindOrigin: checkBoolean(
      OWNER,
      "tickets.bindOrigin",
      tickets.bindOrigin ?? false,
    ),
    clock,
  };
}

function positiveInteger(name: string, value: unknown): number {
  return checkNumber(OWNER, name, value, { integer: true, positive: true });
}
