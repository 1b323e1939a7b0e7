/**
 * The assertions tests use. JSR's @std/assert cannot be installed here, so
 * this re-exports Node's strict assert behind one small module; swapping it
 * later changes one file.
 *
 * @module
 */
export {
  deepStrictEqual as assertEquals,
  match as assertMatch,
  notStrictEqual as assertNotEquals,
  ok as assert,
  rejects as assertRejects,
  strictEqual as assertStrictEquals,
  throws as assertThrows,
} from "node:assert/strict";
