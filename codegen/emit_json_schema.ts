/**
 * Emits `<file>_schema.json`: the JSON Schemas (draft-07) of every type and
 * frame of a definition file's protocols, for validating frames in other
 * languages (Python's `jsonschema`, ajv, ...). A pure function of the IR.
 *
 * @module
 */
import type { NamedType, ProtocolFileIR } from "./ir.ts";
import { generatedNote } from "./emit_doc.ts";
import { type JsonSchema, typeSchema, withDescription } from "./json_schema.ts";
import { protocolDefinitions, protocolFrames } from "./json_schema_frames.ts";
import { reservedDefinitions } from "./json_schema_reserved.ts";
import { generatedNames } from "./names.ts";

/**
 * Every schema of `file`, by name: the named types, then per protocol its
 * messages' data and frames, then the reserved frames. `refBase` is where
 * they will live (`#/definitions/`, `#/components/schemas/`).
 */
export function fileDefinitions(
  file: ProtocolFileIR,
  types: readonly NamedType[],
  refBase: string,
): Record<string, JsonSchema> {
  const definitions: Record<string, JsonSchema> = {};
  for (const type of types) {
    definitions[type.name] = withDescription(
      typeSchema(type.type, refBase),
      type.doc,
    );
  }
  for (const protocol of file.protocols) {
    Object.assign(definitions, protocolDefinitions(protocol, refBase));
  }
  return Object.assign(definitions, reservedDefinitions(refBase));
}

/**
 * The text of `<file>_schema.json`, as written (`deno fmt` keeps it). `types` are the
 * named types of all the file's protocols, deduplicated; `versions` maps
 * protocol names to their versions.
 */
export function emitJsonSchemaFile(
  file: ProtocolFileIR,
  types: readonly NamedType[],
  versions: ReadonlyMap<string, string>,
): string {
  const usage = file.protocols.map((protocol) => {
    const names = generatedNames(protocol);
    return `${protocol.name} (\`${protocol.path}\`, version ${
      versions.get(protocol.name)
    }): a frame a client receives is a \`${names.serverFrame}\`, one it sends a \`${names.clientFrame}\`.`;
  });
  const example = file.protocols.flatMap(protocolFrames)[0];
  const document = {
    $comment: generatedNote(file.sourcePath),
    $schema: "http://json-schema.org/draft-07/schema#",
    title: `${file.protocols.map((p) => p.name).join(", ")} frames`,
    description: [
      `JSON Schemas of the frames of ${file.sourcePath}, under \`definitions\`.`,
      ...usage,
      `Each message's data is named as its generated TypeScript type, its whole frame with \`Frame\` added${
        example === undefined
          ? ""
          : ` (\`${example.dataName}\`, \`${example.frameName}\`)`
      }.`,
      "Lengths count Unicode code points; patterns are JavaScript regular expressions (flag `u`).",
    ].join(" "),
    definitions: fileDefinitions(file, types, "#/definitions/"),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
