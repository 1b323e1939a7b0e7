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
 * The names of everything generated for one protocol, in one place so the
 * emitters and the clash check agree.
 */
export function generatedNames(protocol: ProtocolIR) {
  const name = protocol.name;
  return {
    clientMessage: (message: string) => `${name}${pascalCase(message)}Message`,
    rpcRequest: (rpc: string) => `${name}${pascalCase(rpc)}Request`,
    rpcResponse: (rpc: string) => `${name}${pascalCase(rpc)}Response`,
    serverEvent: (event: string) => `${name}${pascalCase(event)}Event`,
    serverEvents: `${name}ServerEvents`,
    handlers: `${name}Handlers`,
    context: `${name}Context`,
    routeFactory: `${camelCase(name)}Route`,
    info: `${camelCase(name)}ProtocolInfo`,
    clientClass: `${name}Client`,
    clientProtocol: `${camelCase(name)}ClientProtocol`,
  };
}

/** The validator function of a named or generated type. */
export function validatorName(typeName: string): string {
  return `validate${typeName}`;
}
