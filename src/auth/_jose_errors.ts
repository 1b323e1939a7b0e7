import { errors, type JWTVerifyGetKey } from "jose";
import { AuthError, AuthErrorCode } from "./auth_error.ts";

/** jose errors that mean "this token does not verify with our keys". */
const SIGNATURE_CODES: ReadonlySet<string> = new Set([
  errors.JWSSignatureVerificationFailed.code,
  errors.JOSEAlgNotAllowed.code,
  errors.JOSENotSupported.code,
  errors.JWKSNoMatchingKey.code,
  errors.JWKSMultipleMatchingKeys.code,
]);

const CLAIM_CODES: Readonly<Record<string, AuthErrorCode>> = {
  nbf: AuthErrorCode.NotYetValid,
  iss: AuthErrorCode.WrongIssuer,
  aud: AuthErrorCode.WrongAudience,
};

/**
 * Translates what jose throws into an {@link AuthError} with a stable code,
 * keeping jose's explanation in the message (for logs) and as the cause.
 */
export function authErrorFromJose(error: unknown): AuthError {
  if (error instanceof AuthError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const fail = (code: AuthErrorCode) =>
    new AuthError(code, message, { cause: error });
  if (error instanceof errors.JWTExpired) return fail(AuthErrorCode.Expired);
  if (error instanceof errors.JWTClaimValidationFailed) {
    return fail(CLAIM_CODES[error.claim] ?? AuthErrorCode.BadClaims);
  }
  if (
    error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid
  ) {
    return fail(AuthErrorCode.Malformed);
  }
  if (
    error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid
  ) {
    return fail(AuthErrorCode.KeysUnavailable);
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return fail(AuthErrorCode.AlgorithmNotAllowed);
  }
  // Anything else (a signature mismatch, a key of the wrong type for the
  // token's header) means the token cannot be trusted.
  return fail(AuthErrorCode.BadSignature);
}

/**
 * Wraps a remote key set so that failing to fetch it (network, timeout, a
 * non-200 answer, bad JSON) reads as `keys_unavailable` rather than as a bad
 * token: the token may be fine, the server cannot tell.
 */
export function guardRemoteKeys(remote: JWTVerifyGetKey): JWTVerifyGetKey {
  return async (header, token) => {
    try {
      return await remote(header, token);
    } catch (error) {
      if (
        error instanceof errors.JOSEError && SIGNATURE_CODES.has(error.code)
      ) {
        throw error;
      }
      throw new AuthError(
        AuthErrorCode.KeysUnavailable,
        `could not load the JSON Web Key Set: ${
          error instanceof Error ? error.message : String(error)
        }`,
        { cause: error },
      );
    }
  };
}
