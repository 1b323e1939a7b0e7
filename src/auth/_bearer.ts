const BEARER = /^Bearer[ \t]+([^\s]+)[ \t]*$/i;

/**
 * The token of an `Authorization: Bearer <token>` header (RFC 6750), or
 * undefined when there is none or another scheme is used.
 */
export function bearerToken(request: Request): string | undefined {
  return request.headers.get("authorization")?.match(BEARER)?.[1];
}
