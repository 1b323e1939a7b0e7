/**
 * The protocol intermediate representation (IR): what the reader extracts
 * from a protocol file with ts-morph, and all the emitters see. It is plain
 * data, so emitters are pure functions and the version hash is a hash of
 * this structure.
 *
 * @module
 */

/** Constraints from JSDoc tags on a string (`@minLength 1 @format email`). */
export interface StringConstraints {
  readonly minLength?: number;
  readonly maxLength?: number;
  /** A JavaScript regular expression source, without slashes. */
  readonly pattern?: string;
  readonly format?: StringFormat;
}

/** The values `@format` accepts. */
export type StringFormat = "email" | "uuid" | "date-time" | "uri";

/** Constraints from JSDoc tags on a number (`@integer @minimum 1`). */
export interface NumberConstraints {
  readonly integer?: boolean;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
}

/** Constraints from JSDoc tags on an array (`@maxItems 50`). */
export interface ArrayConstraints {
  readonly minItems?: number;
  readonly maxItems?: number;
}

/** A field of an object type. */
export interface Field {
  readonly name: string;
  readonly type: TypeNode;
  readonly optional: boolean;
  /** The field's JSDoc text, without tags. */
  readonly doc: string;
  /** `file:line:column` of the field, for change reports; not part of the schema. */
  readonly location?: string;
}

/** One type form, as the validators and type emitters handle it. */
export type TypeNode =
  | {
    readonly kind: "string";
    readonly constraints: StringConstraints;
  }
  | {
    readonly kind: "number";
    readonly constraints: NumberConstraints;
  }
  | { readonly kind: "boolean" }
  | { readonly kind: "null" }
  | { readonly kind: "literal"; readonly value: string | number | boolean }
  | {
    readonly kind: "array";
    readonly element: TypeNode;
    readonly constraints: ArrayConstraints;
  }
  | { readonly kind: "tuple"; readonly elements: readonly TypeNode[] }
  | { readonly kind: "object"; readonly fields: readonly Field[] }
  | { readonly kind: "record"; readonly value: TypeNode }
  | {
    readonly kind: "union";
    readonly variants: readonly TypeNode[];
    /** Set when every variant is an object with this literal-typed field. */
    readonly discriminant?: string;
  }
  /** A reference to a named type of {@link ProtocolIR.types}. */
  | { readonly kind: "ref"; readonly name: string };

/** An interface, alias or enum the protocol refers to, emitted by name. */
export interface NamedType {
  readonly name: string;
  readonly type: TypeNode;
  readonly doc: string;
  /** `file:line:column` of the declaration, for messages. */
  readonly location: string;
}

/** A message one side sends without expecting an answer. */
export interface MessageIR {
  readonly name: string;
  readonly data: TypeNode;
  readonly doc: string;
  /** Client messages tagged `@replay`: re-sent by the client after a reconnect. */
  readonly replay: boolean;
  /** Client messages tagged `@forgets X`: un-remember the replayed `X` with equal data. */
  readonly forgets?: string;
  /** `file:line:column` of the member, for change reports. */
  readonly location?: string;
}

/** A client-to-server request with a typed answer. */
export interface RpcIR {
  readonly name: string;
  readonly request: TypeNode;
  readonly response: TypeNode;
  readonly doc: string;
  /** `file:line:column` of the member, for change reports. */
  readonly location?: string;
}

/** One protocol: an interface extending `Protocol<Path>`. */
export interface ProtocolIR {
  /** The interface's name, e.g. `Chat`. */
  readonly name: string;
  /** The path it is served at, e.g. `/chat`. */
  readonly path: string;
  readonly doc: string;
  /** Client messages, in declaration order. */
  readonly clientMessages: readonly MessageIR[];
  /** Client RPCs, in declaration order. */
  readonly rpcs: readonly RpcIR[];
  /** Server events, in declaration order. */
  readonly serverEvents: readonly MessageIR[];
  /** Every named type reachable from the messages, sorted by name. */
  readonly types: readonly NamedType[];
  /**
   * `file:line:column` of the interface and of its `client` and `server`
   * members, for change reports (a removed message is reported at its side).
   */
  readonly locations?: {
    readonly protocol: string;
    readonly client: string;
    readonly server: string;
  };
}

/** The protocols of one definition file. */
export interface ProtocolFileIR {
  /** Path of the definition file relative to the working directory, with `/`. */
  readonly sourcePath: string;
  /** The file's base name without `.ts`, e.g. `chat`; names the generated files. */
  readonly baseName: string;
  readonly protocols: readonly ProtocolIR[];
}
