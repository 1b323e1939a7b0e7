/**
 * Shared types of the kitchen-sink fixture protocol, in their own file so
 * the generator has to follow imports, aliases and `extends` across files.
 * Together with kitchen_sink.ts it uses every type form and tag the
 * generator supports; tests/codegen/ runs the generated validators on it.
 *
 * @module
 */

/** A colour, as a TypeScript enum with string values. */
export enum Colour {
  Red = "red",
  Green = "green",
  Blue = "blue",
}

/** A priority, as a TypeScript enum with (implicit) number values. */
export enum Priority {
  Low = 1,
  Normal,
  High,
}

/**
 * An e-mail address.
 * @format email
 */
export type Email = string;

/**
 * A UUID.
 * @format uuid
 */
export type Uuid = string;

/**
 * An RFC 3339 timestamp.
 * @format date-time
 */
export type Timestamp = string;

/**
 * An absolute URI.
 * @format uri
 */
export type Link = string;

/**
 * A lowercase handle: a letter, then letters, digits or underscores.
 * @pattern ^[a-z][a-z0-9_]*$
 * @minLength 2
 * @maxLength 16
 */
export type Handle = string;

/**
 * An age in whole years.
 * @integer
 * @minimum 0
 * @maximum 150
 */
export type Age = number;

/**
 * A fraction strictly between 0 and 1.
 * @exclusiveMinimum 0
 * @exclusiveMaximum 1
 */
export type Ratio = number;

/** A point in the plane, as a tuple. */
export type Point = [number, number];

/**
 * Between one and three handles.
 * @minItems 1
 * @maxItems 3
 */
export type Handles = Handle[];

/** Something stored: the base interface others extend. */
export interface Entity {
  id: Uuid;
  createdAt: Timestamp;
}

/** A person, extending {@link Entity} from the same file. */
export interface Person extends Entity {
  handle: Handle;
  email: Email;
  age?: Age;
  homepage: Link | null;
  nickname?: string | null;
  colour: Colour;
}

/** A circle: one variant of {@link Shape}. */
export interface Circle {
  kind: "circle";
  /** @exclusiveMinimum 0 */
  radius: number;
}

/** A rectangle: one variant of {@link Shape}. */
export interface Rect {
  kind: "rect";
  /** @minimum 0 */
  width: number;
  /** @minimum 0 */
  height: number;
}

/** A discriminated union of referenced and inline variants. */
export type Shape = Circle | Rect | { kind: "point"; at: Point };

/** A union of literals of every kind, and null. */
export type Mood = "happy" | "sad" | 42 | true | null;

/** A general union: no discriminant, so each variant is tried in turn. */
export type Scalar = string | number | boolean | Point;
