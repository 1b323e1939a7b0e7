import type { ProtocolIR } from "./ir.ts";
import { CodegenError, CodegenErrorCode } from "./codegen_error.ts";
import { generatedNames } from "./names.ts";
import { ReservedType } from "../src/wire/envelope.ts";
import { RESERVED_CLIENT_MEMBERS } from "../src/client/client_protocol.ts";
import { RESERVED_SCHEMAS } from "./json_schema_envelope.ts";

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const RESERVED_TYPES: readonly string[] = Object.values(ReservedType);

/**
 * Finds message names the runtime or the generated code cannot use:
 * reserved envelope types, members of the client base class, names that are
 * not identifiers, generated type names that clash with each other or with
 * the protocol's own types, and `@forgets` naming no `@replay` message.
 * Returns every problem found (none: an empty list).
 */
export function checkProtocolNames(
  protocol: ProtocolIR,
  location: string,
): CodegenError[] {
  const problems: CodegenError[] = [];
  const fail = (problem: string, fix: string) =>
    problems.push(
      new CodegenError(CodegenErrorCode.NameClash, location, problem, fix),
    );
  const client = [
    ...protocol.clientMessages.map((m) => m.name),
    ...protocol.rpcs.map((r) => r.name),
  ];
  const server = protocol.serverEvents.map((event) => event.name);
  for (const name of [...client, ...server]) {
    if (!IDENTIFIER.test(name)) {
      fail(
        `the message name "${name}" is not an identifier`,
        "use letters, digits and underscores",
      );
    }
    if (RESERVED_TYPES.includes(name)) {
      fail(
        `the message name "${name}" is reserved by the wire protocol`,
        `rename it; reserved: ${RESERVED_TYPES.join(", ")}`,
      );
    }
  }
  for (const name of client) {
    if (RESERVED_CLIENT_MEMBERS.includes(name)) {
      fail(
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
      problems.push(
        new CodegenError(
          CodegenErrorCode.BadTag,
          location,
          `@forgets ${message.forgets} on "${message.name}" names no @replay client message`,
          "tag the remembered message with @replay, or fix the name",
        ),
      );
    }
  }
  const generated = generatedTypeNames(protocol);
  for (const [type, sources] of generated) {
    if (sources.length > 1) {
      fail(
        `${sources.join(" and ")} would both generate the type ${type}`,
        "rename one of them",
      );
    }
  }
  const reservedSchemas: readonly string[] = Object.values(RESERVED_SCHEMAS);
  for (const type of protocol.types) {
    if (generated.has(type.name) || reservedSchemas.includes(type.name)) {
      problems.push(
        new CodegenError(
          CodegenErrorCode.NameClash,
          type.location,
          `the type ${type.name} clashes with a name the generator emits`,
          "rename the type",
        ),
      );
    }
  }
  return problems;
}

/** Every type name generated for the protocol, with what generates it. */
function generatedTypeNames(protocol: ProtocolIR): Map<string, string[]> {
  const names = generatedNames(protocol);
  const generated = new Map<string, string[]>();
  const add = (type: string, source: string) =>
    generated.set(type, [...(generated.get(type) ?? []), source]);
  for (const message of protocol.clientMessages) {
    add(names.clientMessage(message.name), `the message ${message.name}`);
  }
  for (const rpc of protocol.rpcs) {
    add(names.rpcRequest(rpc.name), `the RPC ${rpc.name}`);
    add(names.rpcResponse(rpc.name), `the RPC ${rpc.name}`);
  }
  for (const event of protocol.serverEvents) {
    add(names.serverEvent(event.name), `the event ${event.name}`);
  }
  // The exported JSON Schemas name each message's whole frame too.
  for (const [type, sources] of [...generated]) {
    if (sources.length === 1) add(names.frame(type), sources[0]);
  }
  add(names.clientFrame, `the protocol ${protocol.name}`);
  add(names.serverFrame, `the protocol ${protocol.name}`);
  add(names.serverEvents, `the protocol ${protocol.name}`);
  add(names.handlers, `the protocol ${protocol.name}`);
  add(names.context, `the protocol ${protocol.name}`);
  add(names.clientClass, `the protocol ${protocol.name}`);
  return generated;
}
