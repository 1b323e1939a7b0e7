import { assertEquals, assertMatch, assertThrows } from "../_helpers/assert.ts";
import { testChatRoute } from "../_helpers/server_chat.ts";
import {
  createServer,
  ServerError,
  ServerErrorCode,
  type ServerOptions,
} from "@wiretype/wiretype/server";

function errorOf(options: ServerOptions): ServerError {
  let caught: unknown;
  assertThrows(() => {
    try {
      createServer({ logger: { log() {} }, ...options });
    } catch (error) {
      caught = error;
      throw error;
    }
  });
  if (!(caught instanceof ServerError)) throw caught;
  return caught;
}

Deno.test("a limit out of range is refused at creation, naming the option", () => {
  const error = errorOf({
    routes: [testChatRoute()],
    limits: { maxMessageBytes: -1 },
  });
  assertEquals(error.code, ServerErrorCode.InvalidOption);
  assertMatch(error.message, /limits\.maxMessageBytes/);
});

Deno.test("a route's own limits are checked with the route's path in the message", () => {
  const error = errorOf({
    routes: [testChatRoute({ limits: { slowConsumer: "explode" as "drop" } })],
  });
  assertMatch(error.message, /routes\["\/chat"\]\.limits\.slowConsumer/);
});

Deno.test("an unknown limit name is refused rather than ignored", () => {
  const error = errorOf({
    routes: [testChatRoute()],
    limits: { maxMesageBytes: 10 } as Record<string, number>,
  });
  assertMatch(error.message, /maxMesageBytes is not a limit/);
});

Deno.test("a sweep interval longer than the ping interval is refused", () => {
  const error = errorOf({
    routes: [testChatRoute()],
    heartbeat: { pingIntervalMs: 100, sweepIntervalMs: 500 },
  });
  assertMatch(error.message, /heartbeat\.sweepIntervalMs/);
});

Deno.test("two routes on one path are refused", () => {
  const error = errorOf({ routes: [testChatRoute(), testChatRoute()] });
  assertEquals(error.code, ServerErrorCode.DuplicateRoute);
});

Deno.test("a route that requires auth on a server without auth is refused", () => {
  const error = errorOf({ routes: [testChatRoute({ auth: "required" })] });
  assertEquals(error.code, ServerErrorCode.AuthNotConfigured);
});

Deno.test("a malformed origin in the origin list is refused", () => {
  const error = errorOf({
    routes: [testChatRoute()],
    origins: ["not an origin"],
  });
  assertMatch(error.message, /origins entry "not an origin"/);
});
