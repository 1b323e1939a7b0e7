import type { ProtocolFileIR, ProtocolIR } from "./ir.ts";
import { docComment } from "./emit_doc.ts";
import { literal } from "./emit_literal.ts";
import { emitSideFile, type ProtocolImports } from "./emit_side_file.ts";
import { generatedNames, validatorName } from "./names.ts";
import { CODEGEN_RUNTIME } from "./runtime_specifier.ts";

/**
 * Emits `<name>_server.ts`: per protocol a handler interface (one method per
 * client message and RPC) and a route factory whose dispatcher validates
 * each message and calls its handler with typed data.
 */
export function emitServerFile(file: ProtocolFileIR): string {
  return emitSideFile(
    file,
    "Server",
    "handler interfaces and route factories for `createServer`.",
    `import { type Connection, defineRoute, type Route, type RouteOptions } from "${CODEGEN_RUNTIME}";\n`,
    emitProtocolServer,
  );
}

function emitProtocolServer(
  protocol: ProtocolIR,
  imports: ProtocolImports,
): string {
  const names = generatedNames(protocol);
  const use = (name: string) => imports.value(name);
  const useType = (name: string) => imports.type(name);
  const state = "State extends object = Record<string, unknown>";
  const events = useType(names.serverEvents);
  use(names.info);
  const methods: string[] = [];
  const cases: string[] = [];
  for (const message of protocol.clientMessages) {
    const type = useType(names.clientMessage(message.name));
    methods.push(
      `${
        docComment(message.doc)
      }${message.name}(data: ${type}, ctx: ${names.context}<State>): void | Promise<void>;`,
    );
    cases.push(dispatchCase(message.name, type, use(validatorName(type))));
  }
  for (const rpc of protocol.rpcs) {
    const request = useType(names.rpcRequest(rpc.name));
    const response = useType(names.rpcResponse(rpc.name));
    methods.push(
      `${
        docComment(
          rpc.doc,
          "Returns the answer, or throws a ProtocolError to answer with its code.",
        )
      }${rpc.name}(data: ${request}, ctx: ${names.context}<State>): ${response} | Promise<${response}>;`,
    );
    cases.push(dispatchCase(rpc.name, request, use(validatorName(request))));
  }
  // A protocol whose clients send nothing has no handlers; lint-clean
  // output then needs no empty interface and no unused parameters.
  const handled = methods.length > 0;
  const handlersType = handled
    ? `export interface ${names.handlers}<${state}> {\n${methods.join("\n")}\n}`
    : `export type ${names.handlers}<${state}> = Record<string, never>;`;
  const dispatch = handled
    ? `dispatch(type, data, ctx) {
      switch (type) {
${cases.join("\n")}
        default:
          return { kind: "unknown" };
      }
    },`
    : `dispatch: () => ({ kind: "unknown" }),`;
  return `${
    docComment(
      `The connection context ${protocol.name} handlers receive; \`send\` and \`broadcast\` are typed by ${names.serverEvents}.`,
    )
  }export type ${names.context}<${state}> = Connection<${events}, State>;

${
    docComment(
      `What the application implements for ${protocol.name} (\`${protocol.path}\`): one method per client message and RPC, called with validated data.`,
    )
  }${handlersType}

${
    docComment(
      `Binds ${names.handlers} to \`${protocol.path}\` for \`createServer({ routes })\`. Every message is validated before its handler runs. Throws a TypeError when \`handlers\` lacks a function for a client message or RPC.`,
      "",
      "@example",
      "```ts",
      `const handlers: ${names.handlers} = { /* one method per message */ } as ${names.handlers};`,
      `const route = ${names.routeFactory}(handlers);`,
      "Deno.serve(createServer({ routes: [route] }).fetch);",
      "```",
    )
  }export function ${names.routeFactory}<${state}>(
  handlers: ${names.handlers}<State>,
  options?: RouteOptions<${events}, State>,
): Route<${events}, State> {
  return defineRoute<${events}, State>({
    protocol: ${names.info},
    rpcTypes: ${literal(protocol.rpcs.map((r) => r.name))},
    messageTypes: ${literal(protocol.clientMessages.map((m) => m.name))},
    eventTypes: ${literal(protocol.serverEvents.map((e) => e.name))},
    handlers,
    options,
    ${dispatch}
  });
}
`;
}

function dispatchCase(name: string, type: string, validator: string): string {
  return `case ${JSON.stringify(name)}: {
  const issue = ${validator}(data);
  if (issue !== undefined) return { kind: "invalid", issue };
  return { kind: "handled", result: handlers.${name}(data as ${type}, ctx) };
}`;
}
