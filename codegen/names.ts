import type { ProtocolIR } from "./ir.ts";

/** `history` -> `History`, `user_left` -> `UserLeft`. */
export function pascalCase(name: string): string {
  return name.split(/[_-]/).filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1)).join("");
}

/** `Chat` -> `chat`, `HTTPStatus` -> `hTTPStatus`: the lower-case-first form. */
export function camelCase(name: string): string {
  return name[0].toLowerCase() + name.slice(1);
}

/**
 * `Auction` + `bid` -> `AuctionBid`, but `Auction` + `auctionClosed` ->
 * `AuctionClosed`, not `AuctionAuctionClosed`: a message name that already
 * starts with the protocol's name (as a whole word) is not prefixed again.
 *
 * @example Usage
 * ```ts
 * import { prefixedName } from "./names.ts";
 *
 * prefixedName("Auction", "auctionClosed"); // "AuctionClosed"
 * prefixedName("Auction", "auctioneerSpeaks"); // "AuctionAuctioneerSpeaks"
 * ```
 */
export function prefixedName(protocol: string, message: string): string {
  const part = pascalCase(message);
  const rest = part.slice(protocol.length);
  return part.startsWith(protocol) && !/^[a-z]/.test(rest)
    ? part
    : protocol + part;
}

/**
 * The names of everything generated for one protocol, in one place so the
 * emitters and the clash check agree.
 */
export function generatedNames(protocol: ProtocolIR) {
  const name = protocol.name;
  const prefixed = (message: string) => prefixedName(name, message);
  return {
    clientMessage: (message: string) => `${prefixed(message)}Message`,
    rpcRequest: (rpc: string) => `${prefixed(rpc)}Request`,
    rpcResponse: (rpc: string) => `${prefixed(rpc)}Response`,
    serverEvent: (event: string) => `${prefixed(event)}Event`,
    serverEvents: `${name}ServerEvents`,
    handlers: `${name}Handlers`,
    context: `${name}Context`,
    routeFactory: `${camelCase(name)}Route`,
    info: `${camelCase(name)}ProtocolInfo`,
    clientClass: `${name}Client`,
    clientProtocol: `${camelCase(name)}ClientProtocol`,
    /** The JSON Schema of a whole frame whose data is `typeName`. */
    frame: (typeName: string) => `${typeName}Frame`,
    clientFrame: `${name}ClientFrame`,
    serverFrame: `${name}ServerFrame`,
  };
}

/** The validator function of a named or generated type. */
export function validatorName(typeName: string): string {
  return `validate${typeName}`;
}
