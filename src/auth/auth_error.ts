/**
 * Stable reasons an authentication fails. They are logged and counted on the
 * server; clients only ever see 401/403 or 4401/4403, never the reason.
 *
 * @example Usage
 * ```ts
 * import { AuthErrorCode } from "@wiretype/wiretype/auth";
 *
 * AuthErrorCode.Expired; // "expired"
 * ```
 */
export const AuthErrorCode = {
  /** No token or ticket was presented. */
  Missing: "missing",
  /** Not a well-formed JWT. */
  Malformed: "malformed",
  /** The signature does not verify with the configured keys. */
  BadSignature: "bad_signature",
  /**
   * The token's `alg` is not one of the pinned `algorithms` (an identity
   * provider that changed algorithm, or an HS/RS confusion attempt).
   */
  AlgorithmNotAllowed: "algorithm_not_allowed",
  /** `exp` has passed (beyond the clock tolerance). */
  Expired: "expired",
  /** `nbf` lies in the future (beyond the clock tolerance). */
  NotYetValid: "not_yet_valid",
  /** `iss` is not the expected issuer. */
  WrongIssuer: "wrong_issuer",
  /** `aud` does not include the expected audience. */
  WrongAudience: "wrong_audience",
  /** A required claim such as `sub` is missing or of the wrong type. */
  BadClaims: "bad_claims",
  /** The ticket is not known (never issued, or already used and gone). */
  UnknownTicket: "unknown_ticket",
  /** The ticket's lifetime has passed. */
  ExpiredTicket: "expired_ticket",
  /** The ticket was issued for another route or origin. */
  TicketMismatch: "ticket_mismatch",
  /** A refresh token names a different subject than the connection. */
  SubjectChanged: "subject_changed",
  /** The key set could not be fetched. */
  KeysUnavailable: "keys_unavailable",
  /** The ticket store could not be reached (answered with 503, not 401). */
  StoreUnavailable: "store_unavailable",
  /** The route's `authorize` hook refused the user. */
  Forbidden: "forbidden",
} as const;

/** One of the reasons in {@link AuthErrorCode}. */
export type AuthErrorCode = typeof AuthErrorCode[keyof typeof AuthErrorCode];

/**
 * Why a token or ticket was refused. The `code` is for logs and metrics.
 *
 * @example Usage
 * ```ts
 * import { AuthError, AuthErrorCode } from "@wiretype/wiretype/auth";
 *
 * throw new AuthError(AuthErrorCode.Expired, "token expired at 2026-01-01T00:00:00Z");
 * ```
 */
export class AuthError extends Error {
  /** A stable reason from {@link AuthErrorCode}. */
  readonly code: AuthErrorCode;

  /** Creates an error with a stable reason code and a message for logs. */
  constructor(code: AuthErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "AuthError";
    this.code = code;
  }
}
