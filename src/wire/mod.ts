/**
 * The wire layer shared by server, client and generated code: envelope
 * encoding, close codes, error codes, version negotiation and the types of
 * generated validators.
 *
 * @module
 */
export * from "./close_codes.ts";
export * from "./envelope.ts";
export * from "./protocol_error.ts";
export * from "./validation.ts";
export * from "./version.ts";
export * from "./string_formats.ts";
export * from "./publication.ts";
