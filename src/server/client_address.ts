import {
  checkKnownKeys,
  describeValue,
  optionKeys,
} from "../_option_checks.ts";
import {
  formatIpAddress,
  type IpAddress,
  type IpRange,
  ipRangeContains,
  parseIpAddress,
  parseIpRange,
} from "./_ip_address.ts";

/**
 * The header a trusted proxy writes the client's address into:
 * `X-Forwarded-For` (nginx, HAProxy, most load balancers) or the standard
 * `Forwarded` (RFC 7239, its `for=` parameter).
 *
 * @example Usage
 * ```ts
 * import type { ForwardedHeader } from "@wiretype/wiretype/server";
 *
 * const header: ForwardedHeader = "x-forwarded-for";
 * ```
 */
export type ForwardedHeader = "x-forwarded-for" | "forwarded";

/**
 * Which peers may say who the client is, like Express's "trust proxy": IP
 * addresses (`"10.0.0.10"`, `"::1"`), CIDR ranges (`"10.0.0.0/8"`,
 * `"fd00::/8"`) and the names `"loopback"` (127.0.0.0/8, ::1),
 * `"linklocal"` (169.254.0.0/16, fe80::/10), `"uniquelocal"` (10.0.0.0/8,
 * 172.16.0.0/12, 192.168.0.0/16, fc00::/7) and `"unix"` (a proxy
 * connecting over a Unix socket). A list means the `X-Forwarded-For`
 * header; the object form chooses the header.
 *
 * Only the proxies' own addresses belong here: a peer in the list can set
 * any client address it likes.
 *
 * @example Usage
 * ```ts
 * import type { TrustedProxies } from "@wiretype/wiretype/server";
 *
 * const behindNginx: TrustedProxies = ["10.0.0.10"];
 * const behindRfc7239: TrustedProxies = { addresses: ["10.0.0.0/24"], header: "forwarded" };
 * ```
 */
export type TrustedProxies =
  | readonly string[]
  | {
    /** The proxies' addresses, ranges or names, as in the list form. */
    readonly addresses: readonly string[];
    /** Where they write the client's address. Default `"x-forwarded-for"`. */
    readonly header?: ForwardedHeader;
  };

/**
 * Finds a request's client address: the socket peer's, or, when the peer
 * is a trusted proxy, the one it forwarded. Returns `"unknown"` when there
 * is no IP address to give (a Unix socket peer that forwarded nothing).
 *
 * @example Usage
 * ```ts
 * import type { ClientAddressResolver } from "@wiretype/wiretype/server";
 *
 * const clientAddress: ClientAddressResolver = (_request, info) =>
 *   info?.remoteAddr.transport === "tcp" ? info.remoteAddr.hostname : "unknown";
 * ```
 */
export type ClientAddressResolver = (
  request: Request,
  info?: Deno.ServeHandlerInfo,
) => string;

const TRUSTED_PROXIES_KEYS = optionKeys<
  Exclude<TrustedProxies, readonly string[]>
>({ addresses: true, header: true });

const NAMED_RANGES: Record<string, readonly string[]> = {
  loopback: ["127.0.0.0/8", "::1/128"],
  linklocal: ["169.254.0.0/16", "fe80::/10"],
  uniquelocal: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"],
};
const UNKNOWN = "unknown";
const ACCEPTED =
  'an IP address, a CIDR range such as "10.0.0.0/8" or "fd00::/8", or one of "loopback", "linklocal", "uniquelocal", "unix"';

/**
 * Makes the function the server uses to find each client's address: with
 * no `trustedProxies`, the socket peer's; otherwise the client address the
 * proxies forwarded, read from the right of the header and skipping every
 * trusted hop, so what a client wrote into the header itself is never
 * believed. Use it in your own HTTP handlers to see the address the
 * server's limits and logs see. A malformed setting throws a `TypeError`
 * or `RangeError` naming it.
 *
 * On Deno Deploy no setting is needed: `info.remoteAddr` already is the
 * client's address.
 *
 * @example Usage
 * ```ts
 * import { createClientAddressResolver } from "@wiretype/wiretype/server";
 * const clientAddress = createClientAddressResolver(["10.0.0.10"]);
 * Deno.serve((request, info) => new Response(clientAddress(request, info)));
 * ```
 */
export function createClientAddressResolver(
  trustedProxies?: TrustedProxies,
): ClientAddressResolver {
  return resolverFor(
    trustedProxies,
    "createClientAddressResolver: trustedProxies",
  );
}

/**
 * {@link createClientAddressResolver} with the option's name as the caller
 * knows it (`createServer: trustedProxies`), for the error messages.
 *
 * @example Usage
 * ```ts
 * import { resolverFor } from "./client_address.ts";
 *
 * const clientAddress = resolverFor(["10.0.0.10"], "createServer: trustedProxies");
 * ```
 */
export function resolverFor(
  trustedProxies: TrustedProxies | undefined,
  optionName: string,
): ClientAddressResolver {
  if (trustedProxies === undefined) {
    return (_request, info) => formatPeer(info);
  }
  const { ranges, trustsUnixSockets, header } = parseTrustedProxies(
    trustedProxies,
    optionName,
  );
  const isTrusted = (address: IpAddress) =>
    ranges.some((range) => ipRangeContains(range, address));
  const readHops = header === "forwarded" ? forwardedHops : forwardedForHops;
  return (request, info) => {
    const remote = info?.remoteAddr;
    let current: IpAddress | undefined;
    if (remote?.transport === "tcp" || remote?.transport === "udp") {
      current = parseIpAddress(stripZone(remote.hostname));
      if (current === undefined) return remote.hostname;
      if (!isTrusted(current)) return formatIpAddress(current);
    } else if (remote?.transport !== "unix" || !trustsUnixSockets) {
      return formatPeer(info);
    }
    const value = request.headers.get(header);
    if (value === null) return current ? formatIpAddress(current) : UNKNOWN;
    const hops = readHops(value);
    for (let index = hops.length - 1; index >= 0; index--) {
      const hop = parseHop(hops[index]);
      // "unknown", an obfuscated name or garbage, written by a trusted hop:
      // the last address known is the best answer there is.
      if (hop === undefined) break;
      current = hop;
      if (!isTrusted(hop)) break;
    }
    return current ? formatIpAddress(current) : UNKNOWN;
  };
}

function parseTrustedProxies(value: TrustedProxies, name: string): {
  ranges: IpRange[];
  trustsUnixSockets: boolean;
  header: ForwardedHeader;
} {
  const list = Array.isArray(value)
    ? value
    : (value as { addresses?: unknown } | null)?.addresses;
  if (!Array.isArray(list)) {
    throw new TypeError(
      `${name} must be a list of proxy addresses such as ["10.0.0.10", "fd00::/8"], or { addresses, header }; got ${
        describeValue(value)
      }`,
    );
  }
  if (!Array.isArray(value)) {
    // `name` is "owner: option", as the caller knows it.
    const [owner, option] = name.split(": ");
    checkKnownKeys(owner, option, value, TRUSTED_PROXIES_KEYS);
  }
  const header = Array.isArray(value)
    ? "x-forwarded-for"
    : (value as { header?: unknown }).header ?? "x-forwarded-for";
  if (header !== "x-forwarded-for" && header !== "forwarded") {
    throw new TypeError(
      `${name}.header must be "x-forwarded-for" or "forwarded" (the header your proxy sets), got ${
        describeValue(header)
      }`,
    );
  }
  const ranges: IpRange[] = [];
  let trustsUnixSockets = false;
  list.forEach((entry: unknown, index) => {
    const where = Array.isArray(value)
      ? `${name}[${index}]`
      : `${name}.addresses[${index}]`;
    if (typeof entry !== "string") {
      throw new TypeError(
        `${where} must be ${ACCEPTED}, got ${describeValue(entry)}`,
      );
    }
    const text = entry.trim().toLowerCase();
    if (text === "unix") {
      trustsUnixSockets = true;
      return;
    }
    for (const named of NAMED_RANGES[text] ?? [text]) {
      const parsed = parseIpRange(named);
      if (parsed === undefined) {
        throw new TypeError(`${where} must be ${ACCEPTED}, got "${entry}"`);
      }
      if (parsed.range.prefixLength > parsed.maxPrefixLength) {
        throw new RangeError(
          `${where} "${entry}": the prefix length of an ${
            parsed.maxPrefixLength === 32 ? "IPv4" : "IPv6"
          } range is 0 to ${parsed.maxPrefixLength}`,
        );
      }
      ranges.push(parsed.range);
    }
  });
  return { ranges, trustsUnixSockets, header };
}

function formatPeer(info: Deno.ServeHandlerInfo | undefined): string {
  const remote = info?.remoteAddr;
  if (remote === undefined || !("hostname" in remote)) return UNKNOWN;
  const address = parseIpAddress(stripZone(remote.hostname));
  return address === undefined ? remote.hostname : formatIpAddress(address);
}

/** `X-Forwarded-For: client, proxy1, proxy2`: one hop per comma. */
function forwardedForHops(value: string): string[] {
  return value.split(",").map((hop) => hop.trim());
}

/**
 * `Forwarded: for=192.0.2.60;proto=https, for="[2001:db8::17]:4711"`: the
 * `for` parameter of each element. Commas inside quoted strings do not
 * separate elements; an element without `for` is an unknown hop.
 */
function forwardedHops(value: string): string[] {
  const hops: string[] = [];
  let element = "";
  let quoted = false;
  for (let index = 0; index <= value.length; index++) {
    const char = value[index];
    if (char === undefined || (char === "," && !quoted)) {
      hops.push(forParameterOf(element));
      element = "";
      continue;
    }
    if (char === '"') quoted = !quoted;
    else if (char === "\\" && quoted) element += value[++index] ?? "";
    else element += char;
  }
  return hops;
}

function forParameterOf(element: string): string {
  for (const pair of element.split(";")) {
    const equals = pair.indexOf("=");
    if (equals !== -1 && pair.slice(0, equals).trim().toLowerCase() === "for") {
      return pair.slice(equals + 1).trim();
    }
  }
  return "";
}

/** One hop's address, without port, brackets or zone; undefined if it is none. */
function parseHop(hop: string): IpAddress | undefined {
  let text = hop;
  if (text.startsWith("[")) {
    const close = text.indexOf("]");
    if (close === -1) return undefined;
    const rest = text.slice(close + 1);
    if (rest !== "" && !/^:[0-9]{1,5}$/.test(rest)) return undefined;
    text = text.slice(1, close);
  } else if (/^[0-9.]+:[0-9]{1,5}$/.test(text)) {
    text = text.slice(0, text.indexOf(":"));
  }
  return parseIpAddress(stripZone(text));
}

function stripZone(text: string): string {
  const percent = text.indexOf("%");
  return percent === -1 ? text : text.slice(0, percent);
}
