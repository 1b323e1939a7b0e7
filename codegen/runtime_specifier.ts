/**
 * The one specifier generated files import wiretype through: the
 * codegen-runtime subpath (deno.json "exports"), which holds what generated
 * code builds on and nothing applications need, as protobuf-es's generated
 * code imports its codegen runtime. Generated files import nothing else
 * from wiretype, so the rest of the public API can change shape without
 * regenerating.
 */
export const CODEGEN_RUNTIME = "@wiretype/wiretype/codegen-runtime";
