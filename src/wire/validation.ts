/**
 * What a generated validator reports: the first problem found, with a JSON
 * path (`$.messages[2].text`) to the value that caused it.
 *
 * @example Usage
 * ```ts
 * import type { ValidationIssue } from "@wiretype/wiretype/client";
 *
 * const issue: ValidationIssue = { path: "$.room", message: "expected string" };
 * ```
 */
export interface ValidationIssue {
  /**
   * JSON path of the offending value. Generated validators return it
   * relative to the value they check (`.room`, `[2].text`, or empty for the
   * value itself); {@link rootIssue} makes it absolute (`$.room`), as error
   * replies carry it.
   */
  readonly path: string;
  /** What was wrong, e.g. `expected string` or `longer than 2000 characters`. */
  readonly message: string;
}

/**
 * Hears a field that a validator does not know, when it reads tolerantly:
 * `owner` names the type that lacks it (`ChatMessage`, or a place in one:
 * `ChatPresenceEvent.members[*]`), `field` is the field's name. Generated
 * clients pass one when they read what the server sends, so a field added by
 * a newer server is skipped (and reported once) instead of refused.
 *
 * @example Usage
 * ```ts
 * import type { UnknownFieldListener } from "@wiretype/wiretype/client";
 *
 * const heard: UnknownFieldListener = (owner, field) =>
 *   console.info(`ignored ${owner}.${field}`);
 * ```
 */
export type UnknownFieldListener = (owner: string, field: string) => void;

/**
 * A generated validator: returns `undefined` when `value` has the expected
 * type, else the first issue with a path relative to `value` (empty for the
 * value itself, `.room` for a field). Callers prefix `$`. Without
 * `unknownField` (the server's reading) a field the type does not declare
 * is an issue; with it, the field is reported to it and skipped.
 *
 * @example Usage
 * ```ts
 * import type { Validator } from "@wiretype/wiretype/client";
 *
 * const validateRoom: Validator = (value) =>
 *   typeof value === "string" ? undefined : { path: "", message: "expected string" };
 * ```
 */
export type Validator = (
  value: unknown,
  unknownField?: UnknownFieldListener,
) => ValidationIssue | undefined;

/**
 * Makes a child's issue relative to its parent by putting `segment` (such as
 * `.room` or `[3]`) in front of its path. Generated validators call this only
 * on failure, so a valid message builds no strings.
 *
 * @example Usage
 * ```ts
 * import { withPathPrefix } from "@wiretype/wiretype/codegen-runtime";
 *
 * withPathPrefix({ path: ".text", message: "expected string" }, "[0]");
 * // { path: "[0].text", message: "expected string" }
 * ```
 */
export function withPathPrefix(
  issue: ValidationIssue,
  segment: string,
): ValidationIssue {
  return { path: segment + issue.path, message: issue.message };
}

/**
 * Renders a property name as a JSON path segment: `.name` for identifiers,
 * `["odd key"]` otherwise.
 *
 * @example Usage
 * ```ts
 * import { pathSegment } from "@wiretype/wiretype/codegen-runtime";
 *
 * pathSegment("room"); // ".room"
 * pathSegment("a b"); // '["a b"]'
 * ```
 */
export function pathSegment(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)
    ? "." + key
    : "[" + JSON.stringify(key) + "]";
}

/**
 * Turns a validator's relative issue into one rooted at `$`.
 *
 * @example Usage
 * ```ts
 * import { rootIssue } from "@wiretype/wiretype/codegen-runtime";
 *
 * rootIssue({ path: ".room", message: "expected string" }).path; // "$.room"
 * ```
 */
export function rootIssue(issue: ValidationIssue): ValidationIssue {
  return { path: "$" + issue.path, message: issue.message };
}
