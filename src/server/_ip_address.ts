/**
 * IP addresses and CIDR ranges as bytes: strict parsing, one canonical text
 * form (so "2001:DB8::1" and "2001:db8:0::1" count as one client), and
 * prefix matching. IPv4-mapped IPv6 addresses ("::ffff:10.0.0.7", what a
 * dual-stack listener reports for an IPv4 peer) are read as IPv4.
 *
 * @module
 */

/** An IPv4 (4 bytes) or IPv6 (16 bytes) address. */
export type IpAddress = Uint8Array;

/** An address range: `prefixLength` leading bits of `network`. */
export interface IpRange {
  readonly network: IpAddress;
  readonly prefixLength: number;
}

const IPV4_PART = /^(0|[1-9][0-9]{0,2})$/;
const IPV6_GROUP = /^[0-9a-fA-F]{1,4}$/;

/**
 * Parses a bare IPv4 or IPv6 address (no port, no brackets, no zone), or
 * returns undefined. Octets with leading zeros are refused: some parsers
 * read them as octal, so their meaning is ambiguous.
 */
export function parseIpAddress(text: string): IpAddress | undefined {
  const address = text.includes(":") ? parseIpv6(text) : parseIpv4(text);
  if (address?.length === 16 && isIpv4Mapped(address)) {
    return address.subarray(12);
  }
  return address;
}

function parseIpv4(text: string): Uint8Array | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  const bytes = new Uint8Array(4);
  for (let index = 0; index < 4; index++) {
    if (!IPV4_PART.test(parts[index])) return undefined;
    const value = Number(parts[index]);
    if (value > 255) return undefined;
    bytes[index] = value;
  }
  return bytes;
}

function parseIpv6(text: string): Uint8Array | undefined {
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const head = groupsOf(halves[0]);
  const tail = halves.length === 2 ? groupsOf(halves[1]) : [];
  if (head === undefined || tail === undefined) return undefined;
  const words = [...head, ...tail];
  // An IPv4 tail ("::ffff:1.2.3.4") is only allowed last.
  const ipv4At = words.findIndex((word) => word.includes("."));
  if (
    ipv4At !== -1 &&
    (ipv4At !== words.length - 1 || !text.endsWith(words[ipv4At]))
  ) {
    return undefined;
  }
  const groupCount = words.length + (ipv4At === -1 ? 0 : 1);
  if (halves.length === 1 ? groupCount !== 8 : groupCount > 7) {
    return undefined;
  }
  const bytes = new Uint8Array(16);
  const write = (list: string[], startByte: number) => {
    let at = startByte;
    for (const word of list) {
      if (word.includes(".")) {
        const ipv4 = parseIpv4(word);
        if (ipv4 === undefined) return false;
        bytes.set(ipv4, at);
        at += 4;
      } else {
        if (!IPV6_GROUP.test(word)) return false;
        const value = parseInt(word, 16);
        bytes[at++] = value >> 8;
        bytes[at++] = value & 0xff;
      }
    }
    return true;
  };
  const tailBytes = (groupCount - head.length) * 2;
  const headOk = write(head, 0);
  const tailOk = write(tail, 16 - tailBytes);
  return headOk && tailOk ? bytes : undefined;
}

function groupsOf(text: string): string[] | undefined {
  if (text === "") return [];
  const groups = text.split(":");
  return groups.includes("") ? undefined : groups;
}

function isIpv4Mapped(bytes: Uint8Array): boolean {
  for (let index = 0; index < 10; index++) if (bytes[index] !== 0) return false;
  return bytes[10] === 0xff && bytes[11] === 0xff;
}

/**
 * The canonical text of an address: dotted quad, or RFC 5952 IPv6
 * (lowercase, no leading zeros, the longest run of zero groups as `::`).
 */
export function formatIpAddress(address: IpAddress): string {
  if (address.length === 4) return address.join(".");
  const groups: number[] = [];
  for (let index = 0; index < 16; index += 2) {
    groups.push((address[index] << 8) | address[index + 1]);
  }
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < 8;) {
    let end = start;
    while (end < 8 && groups[end] === 0) end++;
    if (end - start > bestLength) {
      bestStart = start;
      bestLength = end - start;
    }
    start = end === start ? start + 1 : end;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart === -1) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${
    hex.slice(bestStart + bestLength).join(":")
  }`;
}

/**
 * Parses `address` or `address/prefixLength`. Returns undefined when the
 * address is not one, and the prefix length as given (possibly out of
 * range, for the caller to report) with host bits cleared.
 */
export function parseIpRange(
  text: string,
): { readonly range: IpRange; readonly maxPrefixLength: number } | undefined {
  const slash = text.indexOf("/");
  const addressText = slash === -1 ? text : text.slice(0, slash);
  const parsed = addressText.includes(":")
    ? parseIpv6(addressText)
    : parseIpv4(addressText);
  if (parsed === undefined) return undefined;
  let prefixLength = parsed.length * 8;
  if (slash !== -1) {
    const prefixText = text.slice(slash + 1);
    if (!/^[0-9]{1,3}$/.test(prefixText)) return undefined;
    prefixLength = Number(prefixText);
  }
  let network: IpAddress = parsed;
  // "::ffff:10.0.0.0/104" means 10.0.0.0/8: mapped addresses are read as IPv4.
  if (parsed.length === 16 && isIpv4Mapped(parsed) && prefixLength >= 96) {
    network = parsed.subarray(12);
    prefixLength -= 96;
  }
  const maxPrefixLength = network.length * 8;
  return {
    range: {
      network: masked(network, Math.min(prefixLength, maxPrefixLength)),
      prefixLength,
    },
    maxPrefixLength,
  };
}

function masked(address: IpAddress, prefixLength: number): IpAddress {
  const result = new Uint8Array(address);
  for (let bit = prefixLength; bit < result.length * 8; bit++) {
    result[bit >> 3] &= ~(0x80 >> (bit & 7));
  }
  return result;
}

/**
 * Whether `address` lies in `range` (never across IPv4 and IPv6).
 */
export function ipRangeContains(range: IpRange, address: IpAddress): boolean {
  const { network, prefixLength } = range;
  if (network.length !== address.length) return false;
  const fullBytes = prefixLength >> 3;
  for (let index = 0; index < fullBytes; index++) {
    if (network[index] !== address[index]) return false;
  }
  const restBits = prefixLength & 7;
  if (restBits === 0) return true;
  const mask = (0xff << (8 - restBits)) & 0xff;
  return (network[fullBytes] & mask) === (address[fullBytes] & mask);
}
