/**
 * The checked-in record of one protocol (`gen/<protocol>_revisions.json`):
 * the normalised schema of every revision of its current line (revisions
 * since the last accepted breaking change, and older ones still compatible),
 * each with its number and version, and the versions earlier lines left
 * behind, each with the change that broke it. `gen` compares the protocol
 * with it, appends revisions, and the server learns from it which client
 * versions to accept.
 *
 * @module
 */
import { CodegenError, CodegenErrorCode } from "./codegen_error.ts";
import { generatedNote } from "./emit_doc.ts";
import type { ProtocolSchema } from "./schema.ts";
import { withoutLocations } from "./schema.ts";
import { schemaVersion } from "./version.ts";

/** A revision of the current line. */
export interface RecordedRevision {
  /** Counts every revision the protocol has had, across lines, from 1. */
  readonly revision: number;
  readonly version: string;
  readonly schema: ProtocolSchema;
}

/** A revision of an earlier line, and what broke it. */
export interface RetiredRevision {
  readonly revision: number;
  readonly version: string;
  /** The first breaking change for its clients: `message "leave": removed (MESSAGE_REMOVED)`. */
  readonly broken: string;
}

/** The record of one protocol. */
export interface ProtocolRecord {
  /** The protocol interface's name. */
  readonly protocol: string;
  /** Counts accepted breaking changes, from 1. */
  readonly line: number;
  /** Oldest first; the last is the current revision. */
  readonly revisions: readonly RecordedRevision[];
  /** Oldest first. */
  readonly retired: readonly RetiredRevision[];
}

/**
 * The record's file name: `Chat` -> `chat_revisions.json`,
 * `KitchenSink` -> `kitchen_sink_revisions.json`.
 *
 * @example Usage
 * ```ts
 * import { recordFileName } from "./record.ts";
 *
 * recordFileName("HTTPStatus"); // "http_status_revisions.json"
 * ```
 */
export function recordFileName(protocolName: string): string {
  const snake = protocolName
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase();
  return `${snake}_revisions.json`;
}

/**
 * The record as JSON text, as written (`deno fmt` keeps it), without source
 * locations, with a do-not-edit note naming the definition file.
 *
 * @example Usage
 * ```ts
 * import { type ProtocolRecord, renderRecord } from "./record.ts";
 *
 * declare const record: ProtocolRecord;
 * await Deno.writeTextFile("protocol/gen/chat_revisions.json", renderRecord(record, "protocol/chat.ts"));
 * ```
 */
export function renderRecord(
  record: ProtocolRecord,
  sourcePath: string,
): string {
  return `${
    compactJson(
      {
        $comment: `${
          generatedNote(sourcePath)
        } The revisions of ${record.protocol}: restore it from version control, never edit it by hand.`,
        protocol: record.protocol,
        line: record.line,
        revisions: record.revisions.map((revision) => ({
          revision: revision.revision,
          version: revision.version,
          schema: withoutLocations(revision.schema),
        })),
        retired: record.retired,
      },
      "",
    )
  }\n`;
}

const LINE_WIDTH = 80;

/**
 * JSON with each value on one line when it fits (`{ "kind": "string" }`),
 * as `deno fmt` keeps it, so a revision reads like a type, not a tree.
 */
function compactJson(value: unknown, indent: string, prefix = 0): string {
  const flat = oneLine(value);
  // The trailing comma counts towards the width.
  if (
    indent.length + prefix + flat.length < LINE_WIDTH ||
    typeof value !== "object" || value === null
  ) {
    return flat;
  }
  const inner = `${indent}  `;
  const lines = Array.isArray(value)
    ? value.map((item) => inner + compactJson(item, inner))
    : Object.entries(value).map(([key, item]) =>
      `${inner}${JSON.stringify(key)}: ${
        compactJson(item, inner, key.length + 4)
      }`
    );
  const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  return `${open}\n${lines.join(",\n")}\n${indent}${close}`;
}

function oneLine(value: unknown): string {
  if (Array.isArray(value)) {
    return value.length === 0 ? "[]" : `[${value.map(oneLine).join(", ")}]`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    return entries.length === 0
      ? "{}"
      : `{ ${
        entries.map(([key, item]) => `${JSON.stringify(key)}: ${oneLine(item)}`)
          .join(", ")
      } }`;
  }
  return JSON.stringify(value);
}

/**
 * Reads a record's text; a record that is not one, or whose schemas do not
 * hash to their versions (edited by hand, or merged badly), is an error
 * telling to restore it.
 *
 * @example Usage
 * ```ts
 * import { parseRecord } from "./record.ts";
 *
 * const path = "protocol/gen/chat_revisions.json";
 * const record = parseRecord(await Deno.readTextFile(path), path);
 * record.revisions.at(-1)?.version; // the protocol's current version
 * ```
 */
export function parseRecord(text: string, path: string): ProtocolRecord {
  const fail = (problem: string) =>
    new CodegenError(
      CodegenErrorCode.BadRecord,
      path,
      `the protocol record ${problem}`,
      "restore the file from version control (`git checkout -- <file>`), or delete it to start a new record at revision 1 (clients generated before are then refused)",
    );
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw fail(`is not JSON (${(error as Error).message})`);
  }
  const record = value as Partial<ProtocolRecord>;
  if (
    typeof record !== "object" || record === null ||
    typeof record.protocol !== "string" || !Number.isInteger(record.line) ||
    !Array.isArray(record.revisions) || record.revisions.length === 0 ||
    !Array.isArray(record.retired)
  ) {
    throw fail("lacks protocol, line, revisions or retired");
  }
  for (const revision of record.revisions) {
    if (
      !Number.isInteger(revision?.revision) ||
      typeof revision.version !== "string" ||
      typeof revision.schema !== "object"
    ) {
      throw fail("has a revision without revision, version or schema");
    }
    if (schemaVersion(revision.schema) !== revision.version) {
      throw fail(
        `was edited: the schema of revision ${revision.revision} does not hash to its version ${revision.version}`,
      );
    }
  }
  for (const retired of record.retired) {
    if (
      !Number.isInteger(retired?.revision) ||
      typeof retired.version !== "string" || typeof retired.broken !== "string"
    ) {
      throw fail("has a retired revision without revision, version or broken");
    }
  }
  return record as ProtocolRecord;
}
