import { createHash } from "node:crypto";
import type { ProtocolIR } from "./ir.ts";
import {
  type ProtocolSchema,
  protocolSchema,
  withoutLocations,
} from "./schema.ts";

/**
 * The protocol version: the first 12 hex digits of the SHA-256 of the
 * protocol's normalised schema. Documentation and source locations are left
 * out, so editing a comment (also a field's) does not force clients to
 * update; any change to a name, a type or a constraint does.
 */
export function protocolVersion(protocol: ProtocolIR): string {
  return schemaVersion(protocolSchema(protocol));
}

/**
 * The version of a normalised schema, as {@link protocolVersion} computes
 * it; the record checks the schemas it keeps with it.
 *
 * @example Usage
 * ```ts
 * import { parseRecord } from "./record.ts";
 * import { schemaVersion } from "./version.ts";
 *
 * const path = "protocol/gen/chat_revisions.json";
 * const { revisions } = parseRecord(await Deno.readTextFile(path), path);
 * revisions.every(({ schema, version }) => schemaVersion(schema) === version); // true
 * ```
 */
export function schemaVersion(schema: ProtocolSchema): string {
  return createHash("sha256")
    .update(canonicalJson(withoutLocations(schema)))
    .digest("hex").slice(0, 12);
}

/** JSON with object keys sorted, so equal structures hash equally. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${
      entries.map(([key, item]) =>
        `${JSON.stringify(key)}:${canonicalJson(item)}`
      ).join(",")
    }}`;
  }
  return JSON.stringify(value);
}
