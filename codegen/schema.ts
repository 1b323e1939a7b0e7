/**
 * The normalised schema of a protocol: names, types and constraints, without
 * documentation. Its hash is the protocol's version, the record keeps one
 * per revision, and the change classifier compares two of them. Built from
 * the IR, it also carries where each part is declared (`at`), which the
 * hash and the record leave out ({@link withoutLocations}).
 *
 * @module
 */
import type { Field, ProtocolIR, TypeNode } from "./ir.ts";

/** One type form, with its constraints inline (`{ kind: "string", maxLength: 20 }`). */
export type SchemaType =
  | {
    readonly kind: "string";
    readonly minLength?: number;
    readonly maxLength?: number;
    readonly pattern?: string;
    readonly format?: string;
  }
  | {
    readonly kind: "number";
    readonly integer?: true;
    readonly minimum?: number;
    readonly maximum?: number;
    readonly exclusiveMinimum?: number;
    readonly exclusiveMaximum?: number;
  }
  | { readonly kind: "boolean" }
  | { readonly kind: "null" }
  | { readonly kind: "literal"; readonly value: string | number | boolean }
  | {
    readonly kind: "array";
    readonly element: SchemaType;
    readonly minItems?: number;
    readonly maxItems?: number;
  }
  | { readonly kind: "tuple"; readonly elements: readonly SchemaType[] }
  | { readonly kind: "object"; readonly fields: readonly SchemaField[] }
  | { readonly kind: "record"; readonly value: SchemaType }
  | {
    readonly kind: "union";
    readonly variants: readonly SchemaType[];
    readonly discriminant?: string;
  }
  | { readonly kind: "ref"; readonly name: string };

/** A field of an object type. */
export interface SchemaField {
  readonly name: string;
  readonly type: SchemaType;
  readonly optional?: true;
  /** `file:line:column` of the declaration (current source only). */
  readonly at?: string;
}

/** A client message or server event. */
export interface SchemaMessage {
  readonly data: SchemaType;
  /** Client messages tagged `@replay`. */
  readonly replay?: true;
  /** Client messages tagged `@forgets X`. */
  readonly forgets?: string;
  readonly at?: string;
}

/** An RPC: its request and its answer. */
export interface SchemaRpc {
  readonly request: SchemaType;
  readonly response: SchemaType;
  readonly at?: string;
}

/** A named type (interface, alias, enum). */
export interface SchemaNamedType {
  readonly type: SchemaType;
  readonly at?: string;
}

/** A protocol's schema; maps are keyed by name, so declaration order does not count. */
export interface ProtocolSchema {
  readonly path: string;
  readonly client: Readonly<Record<string, SchemaMessage>>;
  readonly rpcs: Readonly<Record<string, SchemaRpc>>;
  readonly server: Readonly<Record<string, SchemaMessage>>;
  readonly types: Readonly<Record<string, SchemaNamedType>>;
  /** Where the interface and its `client` and `server` members are. */
  readonly at?: {
    readonly protocol: string;
    readonly client: string;
    readonly server: string;
  };
}

/**
 * The schema of a protocol, with the source locations of its parts.
 *
 * @example Usage
 * ```ts
 * import type { ProtocolIR } from "./ir.ts";
 * import { protocolSchema } from "./schema.ts";
 *
 * declare const chat: ProtocolIR;
 * const schema = protocolSchema(chat);
 * schema.client.say.data; // { kind: "object", fields: [...] }
 * ```
 */
export function protocolSchema(protocol: ProtocolIR): ProtocolSchema {
  const byName = <T, U>(
    items: readonly (T & { name: string })[],
    convert: (item: T) => U,
  ): Record<string, U> =>
    Object.fromEntries(items.map((item) => [item.name, convert(item)]));
  return {
    path: protocol.path,
    client: byName(protocol.clientMessages, (message) => ({
      data: schemaType(message.data),
      ...(message.replay ? { replay: true as const } : {}),
      ...(message.forgets === undefined ? {} : { forgets: message.forgets }),
      ...at(message.location),
    })),
    rpcs: byName(protocol.rpcs, (rpc) => ({
      request: schemaType(rpc.request),
      response: schemaType(rpc.response),
      ...at(rpc.location),
    })),
    server: byName(protocol.serverEvents, (event) => ({
      data: schemaType(event.data),
      ...at(event.location),
    })),
    types: byName(protocol.types, (type) => ({
      type: schemaType(type.type),
      ...at(type.location),
    })),
    ...(protocol.locations === undefined ? {} : { at: protocol.locations }),
  };
}

/**
 * A copy of `value` without the `at` locations: what is hashed and recorded,
 * so moving a declaration changes neither the version nor the record.
 *
 * @example Usage
 * ```ts
 * import { withoutLocations } from "./schema.ts";
 *
 * withoutLocations({ data: { kind: "null" }, at: "chat.ts:3:5" }); // { data: { kind: "null" } }
 * ```
 */
export function withoutLocations<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutLocations) as T;
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).filter(([key]) => key !== "at")
      .map(([key, item]) => [key, withoutLocations(item)]),
  ) as T;
}

function schemaType(node: TypeNode): SchemaType {
  switch (node.kind) {
    case "string":
    case "number":
      return { kind: node.kind, ...defined(node.constraints) } as SchemaType;
    case "boolean":
    case "null":
      return { kind: node.kind };
    case "literal":
      return { kind: "literal", value: node.value };
    case "array":
      return {
        kind: "array",
        element: schemaType(node.element),
        ...defined(node.constraints),
      };
    case "tuple":
      return { kind: "tuple", elements: node.elements.map(schemaType) };
    case "object":
      return { kind: "object", fields: node.fields.map(schemaField) };
    case "record":
      return { kind: "record", value: schemaType(node.value) };
    case "union":
      return {
        kind: "union",
        variants: node.variants.map(schemaType),
        ...(node.discriminant === undefined
          ? {}
          : { discriminant: node.discriminant }),
      };
    case "ref":
      return { kind: "ref", name: node.name };
  }
}

function schemaField(field: Field): SchemaField {
  return {
    name: field.name,
    type: schemaType(field.type),
    ...(field.optional ? { optional: true as const } : {}),
    ...at(field.location),
  };
}

/** Constraints without the unset ones; `integer: false` is unset. */
function defined(constraints: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(constraints).filter(([, value]) =>
      value !== undefined && value !== false
    ),
  );
}

function at(location: string | undefined): { at?: string } {
  return location === undefined ? {} : { at: location };
}
