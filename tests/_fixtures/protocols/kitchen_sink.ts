/**
 * The kitchen-sink fixture protocol: every type form and constraint tag of
 * the protocol language, messages, an RPC, `@replay`/`@forgets`, and a
 * second protocol in the same file. Its generated files live in gen/ and
 * are checked by `deno task gen --check` like the demo protocols.
 *
 * @module
 */
import type { Protocol, Rpc } from "@wiretype/wiretype/define";
import type {
  Colour,
  Handle,
  Handles,
  Mood,
  Person,
  Priority,
  Ratio,
  Scalar,
  Shape,
  Uuid,
} from "./kitchen_types.ts";
import type * as kitchen from "./kitchen_types.ts";

/** Every field form at once, to exercise each validator branch. */
export interface Everything {
  /** @minLength 1 @maxLength 10 */
  text: string;
  /** @integer @minimum -5 @maximum 5 */
  count: number;
  ratio: Ratio;
  flag: boolean;
  nothing: null;
  fixedText: "fixed";
  fixedNumber: 7;
  fixedFlag: false;
  colour: Colour;
  onlyRed: kitchen.Colour.Red;
  priority: Priority;
  handles: Handles;
  /** @maxItems 4 */
  matrix: number[][];
  more: Array<Handle>;
  frozen: readonly string[];
  point: kitchen.Point;
  pair: [string, number];
  maybe?: string;
  /** @maxLength 5 */
  nullable: string | null;
  optionalNullable?: kitchen.Age | null;
  /** @maxLength 8 */
  shortHandle: Handle;
  person: Person;
  shapes: Shape[];
  mood: Mood;
  scalar: Scalar;
  scores: Record<string, number>;
  people: Record<string, Person>;
  "quoted-key": string;
  meta: {
    /** @format email */
    email: string;
    /** @format uuid */
    uuid: string;
    /** @format date-time */
    dateTime: string;
    /** @format uri */
    uri: string;
    labels: { [key: string]: string };
  };
}

/** A protocol that uses every supported form. */
export interface KitchenSink extends Protocol<"/kitchen-sink"> {
  client: {
    /**
     * Follow a topic; replayed after a reconnect.
     * @replay
     */
    subscribe: { topic: Handle };
    /**
     * Stop following a topic.
     * @forgets subscribe
     */
    unsubscribe: { topic: Handle };
    /** Send one of everything. */
    everything: Everything;
    /** A message without fields. */
    poke: Record<string, never>;
    /** Look people up by id. */
    lookup: Rpc<{
      /** @minItems 1 @maxItems 10 */
      ids: Uuid[];
    }, { people: Record<string, Person>; missing: Uuid[] }>;
  };
  server: {
    /** A person changed. */
    person: Person;
    /** A shape was drawn. */
    shape: Shape;
    /** Everything, echoed. */
    echo: Everything;
  };
}

/** A second protocol in the same file, with no client messages at all. */
export interface Ticker extends Protocol<"/kitchen-sink/ticker"> {
  client: Record<string, never>;
  server: {
    /** One tick. */
    tick: {
      /** @integer @minimum 0 */
      sequence: number;
    };
  };
}
