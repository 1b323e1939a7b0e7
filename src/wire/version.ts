/** Prefix of the `Sec-WebSocket-Protocol` value that carries a protocol version. */
export const SUBPROTOCOL_PREFIX = "wiretype.";

// RFC 6455: a close frame's payload is 125 bytes, 2 of them the code.
const MAX_CLOSE_REASON_BYTES = 123;
// Either side may be the stale one: an old client after a deploy, or a new
// client reaching a node not yet redeployed.
const REGENERATE =
  "client and server come from different protocol files; regenerate and deploy the older one";

/**
 * The subprotocol a generated client offers for a protocol version, e.g.
 * `wiretype.3f9a0c21b7de`.
 *
 * @example Usage
 * ```ts
 * import { versionSubprotocol } from "@wiretype/wiretype/codegen-runtime";
 *
 * versionSubprotocol("3f9a0c21b7de"); // "wiretype.3f9a0c21b7de"
 * ```
 */
export function versionSubprotocol(version: string): string {
  return SUBPROTOCOL_PREFIX + version;
}

/**
 * What a server knows about the versions of its protocol, from the record
 * the code generator keeps (`gen/<protocol>_revisions.json`): its own, those
 * of earlier revisions it accepts, and those it refuses with what broke them.
 *
 * @example Usage
 * ```ts
 * import type { ProtocolVersions } from "@wiretype/wiretype/codegen-runtime";
 *
 * const versions: ProtocolVersions = {
 *   version: "bbbbbbbbbbbb",
 *   compatibleVersions: ["aaaaaaaaaaaa"],
 *   incompatibleVersions: { "999999999999": 'message "leave": removed (MESSAGE_REMOVED)' },
 * };
 * ```
 */
export interface ProtocolVersions {
  /** The server's own version. */
  readonly version: string;
  /** Versions of earlier revisions whose clients are accepted. */
  readonly compatibleVersions?: readonly string[];
  /** Versions whose clients are refused, each with what broke it. */
  readonly incompatibleVersions?: { readonly [version: string]: string };
}

/**
 * Picks the subprotocol the server answers with from the client's offer
 * (the `Sec-WebSocket-Protocol` request header). `Deno.upgradeWebSocket`
 * throws if the server names one the client did not offer, and browsers fail
 * the handshake if a client offered some and the server names none, so the
 * answer is always one of the offered values: the server's version if
 * offered, else the first compatible one, else the first `wiretype.*` one
 * (the connection is then closed with 4409 and {@link VersionNegotiation.reason}
 * after it opens, so the client learns why). A client that offers no
 * `wiretype.*` value (a third-party client) gets none and no version check.
 *
 * @example Usage
 * ```ts
 * import { negotiateVersion } from "@wiretype/wiretype/codegen-runtime";
 *
 * negotiateVersion("wiretype.aaa", { version: "bbb", compatibleVersions: ["aaa"] });
 * // { subprotocol: "wiretype.aaa", clientVersion: "aaa", matches: true }
 * ```
 */
export function negotiateVersion(
  offered: string | null,
  server: string | ProtocolVersions,
): VersionNegotiation {
  const versions = typeof server === "string" ? { version: server } : server;
  const offers = (offered ?? "").split(",").map((value) => value.trim())
    .filter((value) => value.startsWith(SUBPROTOCOL_PREFIX))
    .map((value) => value.slice(SUBPROTOCOL_PREFIX.length));
  if (offers.length === 0) return { matches: true };
  const compatible = versions.compatibleVersions ?? [];
  const chosen = offers.find((offer) => offer === versions.version) ??
    offers.find((offer) => compatible.includes(offer));
  if (chosen !== undefined) {
    return {
      subprotocol: versionSubprotocol(chosen),
      clientVersion: chosen,
      matches: true,
    };
  }
  const [clientVersion] = offers;
  return {
    subprotocol: versionSubprotocol(clientVersion),
    clientVersion,
    matches: false,
    reason: mismatchReason(clientVersion, versions),
  };
}

/** The outcome of {@link negotiateVersion}. */
export interface VersionNegotiation {
  /** The value to pass as `protocol` to `Deno.upgradeWebSocket`, if any. */
  readonly subprotocol?: string;
  /** The version the client was generated from, if it said. */
  readonly clientVersion?: string;
  /** False when the client's version is neither the server's nor compatible with it. */
  readonly matches: boolean;
  /**
   * When it does not match: the 4409 close reason, which names the server's
   * version and what broke (`incompatible with server 3f9a0c21b7de:
   * message "leave": removed (MESSAGE_REMOVED)`), or tells to regenerate
   * when the server does not know the client's version.
   */
  readonly reason?: string;
}

/**
 * The server version a 4409 close reason names, so a client can tell a
 * server older than itself (one of its earlier revisions: a rolling deploy
 * in progress, worth retrying) from one it is incompatible with.
 *
 * @example Usage
 * ```ts
 * import { serverVersionOf } from "@wiretype/wiretype/codegen-runtime";
 *
 * serverVersionOf("unknown to server bbb: regenerate ..."); // "bbb"
 * ```
 */
export function serverVersionOf(reason: string): string | undefined {
  return /\bserver ([0-9A-Za-z_-]+):/.exec(reason)?.[1];
}

function mismatchReason(
  clientVersion: string,
  versions: ProtocolVersions,
): string {
  // The client knows its own version: the reason spends its 123 bytes on
  // the server's and on what broke.
  const server = versions.version.slice(0, 16);
  const incompatible = versions.incompatibleVersions ?? {};
  const reason = Object.hasOwn(incompatible, clientVersion)
    ? `incompatible with server ${server}: ${incompatible[clientVersion]}`
    : `unknown to server ${server}: ${REGENERATE}`;
  return fitCloseReason(reason);
}

/** Cuts `reason` to a close frame's 123 bytes of UTF-8, on a character boundary. */
function fitCloseReason(reason: string): string {
  const encoder = new TextEncoder();
  if (encoder.encode(reason).length <= MAX_CLOSE_REASON_BYTES) return reason;
  let cut = reason;
  while (encoder.encode(`${cut}...`).length > MAX_CLOSE_REASON_BYTES) {
    cut = cut.slice(0, -1);
  }
  return `${cut}...`;
}
