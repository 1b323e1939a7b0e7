import type { ProtocolFileIR, ProtocolIR } from "./ir.ts";
import { docComment } from "./emit_doc.ts";
import { literal } from "./emit_literal.ts";
import { emitSideFile, type ProtocolImports } from "./emit_side_file.ts";
import { generatedNames, validatorName } from "./names.ts";
import { CODEGEN_RUNTIME } from "./runtime_specifier.ts";

/**
 * Emits `<name>_client.ts`: per protocol a client class with one method per
 * client message, a promise-returning method per RPC and typed `on()`
 * listeners, on top of the client runtime. It holds no server code.
 */
export function emitClientFile(file: ProtocolFileIR): string {
  const hasRpcs = file.protocols.some((p) => p.rpcs.length > 0);
  const runtime = [
    "type ClientOptions",
    "type ClientProtocol",
    ...(hasRpcs ? ["type RequestOptions"] : []),
    "WiretypeClient",
  ];
  return emitSideFile(
    file,
    "Client",
    "typed clients that reconnect by themselves. Runs in browsers, Deno and Node.",
    `import { ${runtime.join(", ")} } from "${CODEGEN_RUNTIME}";\n`,
    emitProtocolClient,
  );
}

function emitProtocolClient(
  protocol: ProtocolIR,
  imports: ProtocolImports,
): string {
  const names = generatedNames(protocol);
  const use = (name: string) => imports.value(name);
  const useType = (name: string) => imports.type(name);
  const info = use(names.info);
  const events = protocol.serverEvents.map((e) =>
    `${e.name}: ${use(validatorName(names.serverEvent(e.name)))},`
  );
  const results = protocol.rpcs.map((r) =>
    `${r.name}: ${use(validatorName(names.rpcResponse(r.name)))},`
  );
  const outgoing = [
    ...protocol.clientMessages.map((m) =>
      `${m.name}: ${use(validatorName(names.clientMessage(m.name)))},`
    ),
    ...protocol.rpcs.map((r) =>
      `${r.name}: ${use(validatorName(names.rpcRequest(r.name)))},`
    ),
  ];
  const forgets = protocol.clientMessages.filter((m) => m.forgets !== undefined)
    .map((m) => `${m.name}: ${literal(m.forgets)},`);
  const methods = [
    ...protocol.clientMessages.map((m) => {
      const type = useType(names.clientMessage(m.name));
      return `${
        docComment(
          m.doc,
          "Throws a ProtocolError (`invalid_data`, with the path) without sending anything when `data` does not match the protocol.",
        )
      }${m.name}(data: ${type}): void {\nthis.sendMessage(${
        JSON.stringify(m.name)
      }, data);\n}`;
    }),
    ...protocol.rpcs.map((r) => {
      const request = useType(names.rpcRequest(r.name));
      const response = useType(names.rpcResponse(r.name));
      return `${
        docComment(
          r.doc,
          "Rejects with a ProtocolError when the server answers with an error (or at once, sending nothing, when `data` does not match the protocol), with a ClientError on timeout or disconnect.",
        )
      }${r.name}(data: ${request}, options?: RequestOptions): Promise<${response}> {\nreturn this.callRpc(${
        JSON.stringify(r.name)
      }, data, options) as Promise<${response}>;\n}`;
    }),
  ];
  const serverEvents = useType(names.serverEvents);
  const firstEvent = protocol.serverEvents[0]?.name;
  return `${
    docComment(
      `How the client runtime handles ${protocol.name}: path, version, validators of what the server sends and of what the client sends, and which messages to replay after a reconnect.`,
    )
  }export const ${names.clientProtocol}: ClientProtocol = {
  name: ${info}.name,
  path: ${info}.path,
  version: ${info}.version,
  olderVersions: [
    ...${info}.compatibleVersions,
    ...Object.keys(${info}.incompatibleVersions),
  ],
  events: {
${events.join("\n")}
  },
  results: {
${results.join("\n")}
  },
  outgoing: {
${outgoing.join("\n")}
  },
  replay: ${
    literal(
      protocol.clientMessages.filter((m) => m.replay).map((m) => m.name),
    )
  },
  forgets: {
${forgets.join("\n")}
  },
};

${
    docComment(
      `A typed client of ${protocol.name} (\`${protocol.path}\`). ${protocol.doc}`
        .trim(),
      "",
      "@example",
      "```ts",
      `const client = new ${names.clientClass}({ url: "ws://localhost:8000" });`,
      ...(firstEvent
        ? [
          `client.on(${
            JSON.stringify(firstEvent)
          }, (data) => console.log(data));`,
        ]
        : []),
      "client.connect();",
      "```",
    )
  }export class ${names.clientClass} extends WiretypeClient<${serverEvents}> {
  /** Creates a client; call \`connect()\` to open the connection. */
  constructor(options: ClientOptions) {
    super(${names.clientProtocol}, options);
  }

${methods.join("\n\n")}
}
`;
}
