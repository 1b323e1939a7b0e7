/**
 * The generator's version, named in every generated file's header so a
 * reviewer can tell a diff caused by a generator upgrade from a protocol
 * change. Equal to the package version in deno.json (a test checks it).
 */
export const GENERATOR_VERSION = "0.1.0";
