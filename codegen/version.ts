import { createHash } from "node:crypto";
import type { ProtocolIR } from "./ir.ts";

/**
 * The protocol version: the first 12 hex digits of the SHA-256 of the
 * protocol's normalised IR. Documentation and source locations are left out,
 * so editing a comment does not force clients to update; any change to a
 * name, a type or a constraint does.
 */
export function protocolVersion(protocol: ProtocolIR): string {
  const normalised = {
    path: protocol.path,
    client: protocol.clientMessages.map((
      m,
    ) => [m.name, m.data, m.replay, m.forgets ?? null]),
    rpcs: protocol.rpcs.map((r) => [r.name, r.request, r.response]),
    server: protocol.serverEvents.map((e) => [e.name, e.data]),
    types: protocol.types.map((t) => [t.name, t.type]),
  };
  return createHash("sha256").update(canonicalJson(normalised)).digest("hex")
    .slice(0, 12);
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
