import type { ProtocolIR } from "./ir.ts";
import { CodegenError, CodegenErrorCode } from "./codegen_error.ts";
import { generatedNames } from "./names.ts";
import { ReservedType } from "../src/wire/envelope.ts";
import { RESERVED_CLIENT_MEMBERS } from "../src/client/client_protocol.ts";

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const RESERVED_TYPES: readonly string[] = Object.values(ReservedType);

/**
 * Refuses message names the runtime or the generated code cannot use:
 * reserved envelope types, members of the client base class, names that are
 * not identifiers, generated type names that clash with the protocol's own
 * types, and `@forgets` naming no `@replay` message.
 */
export function checkProtocolNames(
  protocol: ProtocolIR,
  location: string,
): void {
  const fail = (problem: string, fix: string) =>
    new CodegenError(CodegenErrorCode.NameClash, location, problem, fix);
  const client = [
    ...protocol.clientMessages.map((m) => m.name),
    ...protocol.rpcs.map((r) => r.name),
  ];
  const server = protocol.serverEvents.map((event) => event.name);
  for (const name of [...client, ...server]) {
    if (!IDENTIFIER.test(name)) {
      throw fail(
        `the message name "${name}" is not an identifier`,
        "use letters, digits and underscores",
      );
    }
    if (RESERVED_TYPES.includes(name)) {
      throw fail(
        `the message name "${name}" is reserved by the wire protocol`,
        `rename it; reserved: ${RESERVED_TYPES.join(", ")}`,
      );
    }
  }
  for (const name of client) {
    if (RESERVED_CLIENT_MEMBERS.includes(name)) {
      throw fail(
        `the client message "${name}" would hide the client's own ${name}() method`,
        `rename it; reserved: ${RESERVED_CLIENT_MEMBERS.join(", ")}`,
      );
    }
  }
  const replayed = new Set(
    protocol.clientMessages.filter((m) => m.replay).map((m) => m.name),
  );
  for (const message of protocol.clientMessages) {
    if (message.forgets !== undefined && !replayed.has(message.forgets)) {
      throw new CodegenError(
        CodegenErrorCode.BadTag,
        location,
        `@forgets ${message.forgets} on "${message.name}" names no @replay client message`,
        "tag the remembered message with @replay, or fix the name",
      );
    }
  }
  const names = generatedNames(protocol);
  const generated = [
    ...protocol.clientMessages.map((m) => names.clientMessage(m.name)),
    ...protocol.rpcs.flatMap((
      r,
    ) => [names.rpcRequest(r.name), names.rpcResponse(r.name)]),
    ...protocol.serverEvents.map((e) => names.serverEvent(e.name)),
    names.serverEvents,
    names.handlers,
    names.context,
    names.clientClass,
  ];
  for (const type of protocol.types) {
    if (generated.includes(type.name)) {
      throw new CodegenError(
        CodegenErrorCode.NameClash,
        type.location,
        `the type ${type.name} clashes with a name the generator emits`,
        "rename the type",
      );
    }
  }
}
