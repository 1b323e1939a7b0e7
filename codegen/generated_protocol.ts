import type { Change } from "./classify.ts";

/** A protocol `generate` read: where it is served, its revision, and how it changed. */
export interface GeneratedProtocol {
  /** The protocol interface's name, e.g. `Chat`. */
  readonly name: string;
  /** The path it is served at, e.g. `/chat`. */
  readonly path: string;
  /** Hash of its normalised schema, negotiated at connect. */
  readonly version: string;
  /** Its definition file, relative to the working directory. */
  readonly source: string;
  /** Its revision in the record (the one it would get, when refused). */
  readonly revision: number;
  /** Its line: how many breaking changes were accepted, plus one. */
  readonly line: number;
  /** Every difference from the previous revision, classed; empty when unchanged. */
  readonly changes: readonly Change[];
  /** The change report, as the CLI prints it under the protocol's line. */
  readonly report: readonly string[];
}
