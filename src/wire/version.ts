/** Prefix of the `Sec-WebSocket-Protocol` value that carries a protocol version. */
export const SUBPROTOCOL_PREFIX = "wiretype.";

/**
 * The subprotocol a generated client offers for a protocol version, e.g.
 * `wiretype.3f9a0c21b7de`.
 *
 * @example
 * ```ts
 * versionSubprotocol("3f9a0c21b7de"); // "wiretype.3f9a0c21b7de"
 * ```
 */
export function versionSubprotocol(version: string): string {
  return SUBPROTOCOL_PREFIX + version;
}

/**
 * Picks the subprotocol the server answers with from the client's offer
 * (the `Sec-WebSocket-Protocol` request header). `Deno.upgradeWebSocket`
 * throws if the server names one the client did not offer, and browsers fail
 * the handshake if a client offered some and the server names none, so the
 * answer is always one of the offered values: the exact version if offered,
 * else the first `wiretype.*` one (the connection is then closed with 4409
 * after it opens, so the client learns why). A client that offers no
 * `wiretype.*` value (a third-party client) gets none and no version check.
 *
 * @example
 * ```ts
 * negotiateVersion("wiretype.aaa, wiretype.bbb", "bbb");
 * // { subprotocol: "wiretype.bbb", clientVersion: "bbb", matches: true }
 * ```
 */
export function negotiateVersion(
  offered: string | null,
  serverVersion: string,
): VersionNegotiation {
  const offers = (offered ?? "").split(",").map((value) => value.trim())
    .filter((value) => value.startsWith(SUBPROTOCOL_PREFIX));
  if (offers.length === 0) return { matches: true };
  const exact = versionSubprotocol(serverVersion);
  const chosen = offers.includes(exact) ? exact : offers[0];
  return {
    subprotocol: chosen,
    clientVersion: chosen.slice(SUBPROTOCOL_PREFIX.length),
    matches: chosen === exact,
  };
}

/** The outcome of {@link negotiateVersion}. */
export interface VersionNegotiation {
  /** The value to pass as `protocol` to `Deno.upgradeWebSocket`, if any. */
  readonly subprotocol?: string;
  /** The version the client was generated from, if it said. */
  readonly clientVersion?: string;
  /** False when the client was generated from another protocol version. */
  readonly matches: boolean;
}
