import { assertThrows } from "../_helpers/assert.ts";
import { assertOptionError } from "../_helpers/option_error.ts";
import { testChatRoute } from "../_helpers/server_chat.ts";
import {
  closeOnSignals,
  createServer,
  jsonLinesLogger,
  type RouteOptions,
  type ServerOptions,
} from "@wiretype/wiretype/server";
import type { ChatServerEvents } from "../../protocol/gen/chat_protocol.ts";
import type { Authenticator } from "../../src/auth/authenticator.ts";
import type { Fanout } from "../../src/fanout/fanout.ts";
import type { HistoryStore } from "../../src/fanout/history_store.ts";

const quiet = { log() {} };

function create(options: Partial<ServerOptions>) {
  return () =>
    createServer({ logger: quiet, routes: [testChatRoute()], ...options });
}

Deno.test("a limit out of range is a RangeError naming the option and the value", () => {
  assertThrows(create({ limits: { maxMessageBytes: -1 } }), {
    name: "RangeError",
    message:
      "createServer: limits.maxMessageBytes must be a positive integer, got -1",
  });
});

Deno.test("a limit of the wrong type is a TypeError naming the option", () => {
  assertOptionError(
    create({ limits: { maxJsonDepth: "8" as unknown as number } }),
    TypeError,
    'limits.maxJsonDepth must be a positive integer, got "8"',
  );
});

Deno.test("a fractional limit that must be an integer is a RangeError", () => {
  assertOptionError(
    create({ limits: { messageBurst: 1.5 } }),
    RangeError,
    "limits.messageBurst",
  );
});

Deno.test("a messages-per-second rate of zero is a RangeError", () => {
  assertOptionError(
    create({ limits: { messagesPerSecond: 0 } }),
    RangeError,
    "limits.messagesPerSecond must be a positive number, got 0",
  );
});

Deno.test("limits that are not an object are a TypeError", () => {
  assertOptionError(
    create({ limits: 5 as unknown as ServerOptions["limits"] }),
    TypeError,
    "createServer: limits must be an object, got 5",
  );
});

Deno.test("a route's own limits are checked with the route's path in the message", () => {
  assertOptionError(
    create({
      routes: [
        testChatRoute({ limits: { slowConsumer: "explode" as "drop" } }),
      ],
    }),
    TypeError,
    'routes["/chat"].limits.slowConsumer must be "drop" or "close", got "explode"',
  );
});

Deno.test("an unknown limit name is refused rather than ignored", () => {
  assertOptionError(
    create({ limits: { maxMesageBytes: 10 } as Record<string, number> }),
    TypeError,
    "limits.maxMesageBytes is not a limit",
  );
});

Deno.test("a sweep interval longer than the ping interval is a RangeError", () => {
  assertOptionError(
    create({ heartbeat: { pingIntervalMs: 100, sweepIntervalMs: 500 } }),
    RangeError,
    "heartbeat.sweepIntervalMs must be an integer between 5 and 100, got 500",
  );
});

Deno.test("a heartbeat that is not an object is a TypeError", () => {
  assertOptionError(
    create({ heartbeat: "fast" as unknown as ServerOptions["heartbeat"] }),
    TypeError,
    "createServer: heartbeat must be an object",
  );
});

Deno.test("a negative idle timeout is a RangeError", () => {
  assertOptionError(
    create({ heartbeat: { idleTimeoutSeconds: -1 } }),
    RangeError,
    "heartbeat.idleTimeoutSeconds",
  );
});

Deno.test("a negative shutdown timeout is a RangeError", () => {
  assertOptionError(
    create({ shutdownTimeoutMs: -5 }),
    RangeError,
    "createServer: shutdownTimeoutMs must be an integer >= 0, got -5",
  );
});

Deno.test("an empty route list is a TypeError", () => {
  assertOptionError(
    create({ routes: [] }),
    TypeError,
    "createServer: routes must be a non-empty array",
  );
});

Deno.test("a route not made by a generated factory is a TypeError", () => {
  assertOptionError(
    create({ routes: [{} as ReturnType<typeof testChatRoute>] }),
    TypeError,
    "routes must hold routes made by a generated factory",
  );
});

Deno.test("two routes on one path are a TypeError naming the path", () => {
  assertOptionError(
    create({ routes: [testChatRoute(), testChatRoute()] }),
    TypeError,
    "createServer: two routes are served at /chat",
  );
});

Deno.test("a route served by a second server is a TypeError at the second createServer", async () => {
  const route = testChatRoute();
  const first = createServer({ logger: quiet, routes: [route] });
  try {
    assertOptionError(
      () => createServer({ logger: quiet, routes: [route] }),
      TypeError,
      'createServer: routes["/chat"] is already served by another server',
    );
  } finally {
    await first.close();
  }
});

Deno.test("a route that requires auth on a server without auth is a TypeError", () => {
  assertOptionError(
    create({ routes: [testChatRoute({ auth: "required" })] }),
    TypeError,
    'createServer: routes["/chat"] requires authentication but no auth was given',
  );
});

Deno.test("a route auth rule other than public, required or a function is a TypeError", () => {
  assertOptionError(
    create({ routes: [testChatRoute({ auth: "maybe" as "public" })] }),
    TypeError,
    'routes["/chat"].auth must be "public", "required" or a function, got "maybe"',
  );
});

Deno.test("an auth that is not an Authenticator is a TypeError", () => {
  assertOptionError(
    create({ auth: {} as Authenticator }),
    TypeError,
    "createServer: auth must be an Authenticator",
  );
});

Deno.test("a fan-out that is not a Fanout is a TypeError", () => {
  assertOptionError(
    create({ fanout: { publish() {} } as unknown as Fanout }),
    TypeError,
    "createServer: fanout must be a Fanout",
  );
});

Deno.test("a history store that is not a HistoryStore is a TypeError", () => {
  assertOptionError(
    create({ history: { append() {} } as unknown as HistoryStore }),
    TypeError,
    "createServer: history must be a HistoryStore",
  );
});

Deno.test("a malformed origin in the origin list is a TypeError", () => {
  assertOptionError(
    create({ origins: ["not an origin"] }),
    TypeError,
    'createServer: origins entry "not an origin"',
  );
});

Deno.test("an origin policy of the wrong type is a TypeError", () => {
  assertOptionError(
    create({ origins: 42 as unknown as ServerOptions["origins"] }),
    TypeError,
    'createServer: origins must be "same-host", "*", a list of origins or a function, got 42',
  );
});

Deno.test("a fallback that is not a function is a TypeError", () => {
  assertOptionError(
    create({ fallback: "404" as unknown as ServerOptions["fallback"] }),
    TypeError,
    "createServer: fallback must be a function",
  );
});

Deno.test("a logger without a log method is a TypeError", () => {
  assertOptionError(
    () =>
      createServer({
        routes: [testChatRoute()],
        logger: { write() {} } as unknown as ServerOptions["logger"],
      }),
    TypeError,
    "createServer: logger must be an object with a log(event) method",
  );
});

Deno.test("closeOnSignals refuses an empty signal list and a non-boolean exit with TypeErrors", () => {
  const server = { close: () => Promise.resolve() };
  assertOptionError(
    () => closeOnSignals(server, { signals: [] }),
    TypeError,
    "closeOnSignals: signals must be a non-empty list",
  );
  assertOptionError(
    () => closeOnSignals(server, { exit: "yes" as unknown as boolean }),
    TypeError,
    'closeOnSignals: exit must be true or false, got "yes"',
  );
});

Deno.test("jsonLinesLogger refuses a write that is not a function when created, not at the first event", () => {
  assertOptionError(
    () => jsonLinesLogger("stdout" as unknown as (line: string) => void),
    TypeError,
    'jsonLinesLogger: write must be a function (line) => void, got "stdout"',
  );
});

// Unknown keys: under `deno run` nothing type-checks the options, so a
// misspelled key would otherwise be dropped and its default used silently.

const SERVER_OPTIONS =
  "known options: routes, auth, origins, limits, heartbeat, fanout, logger, fallback, shutdownTimeoutMs, history, trustedProxies";

Deno.test("a misspelled createServer option is a TypeError suggesting the option and listing them all", () => {
  assertOptionError(
    create({ limit: { maxMessageBytes: 10 } } as Partial<ServerOptions>),
    TypeError,
    `createServer: limit is not an option (did you mean limits?); ${SERVER_OPTIONS}`,
  );
});

Deno.test("an unknown createServer option more than two edits from any is listed without a guess", () => {
  assertOptionError(
    create({ trustedProxy: ["10.0.0.1"] } as Partial<ServerOptions>),
    TypeError,
    `createServer: trustedProxy is not an option; ${SERVER_OPTIONS}`,
  );
});

Deno.test("a misspelled heartbeat option is a TypeError suggesting the heartbeat option", () => {
  assertOptionError(
    create({
      heartbeat: { pingIntervalMS: 5_000 } as ServerOptions["heartbeat"],
    }),
    TypeError,
    "createServer: heartbeat.pingIntervalMS is not an option (did you mean heartbeat.pingIntervalMs?); known options: pingIntervalMs, pongTimeoutMs, sweepIntervalMs, idleTimeoutSeconds",
  );
  assertOptionError(
    create({ heartbeat: { intervalMs: 5 } as ServerOptions["heartbeat"] }),
    TypeError,
    "createServer: heartbeat.intervalMs is not an option; known options: pingIntervalMs,",
  );
});

Deno.test("a misspelled limit is a TypeError suggesting the limit and listing every limit", () => {
  assertOptionError(
    create({ limits: { maxMessageByte: 10 } as Record<string, number> }),
    TypeError,
    "createServer: limits.maxMessageByte is not a limit (did you mean limits.maxMessageBytes?); known limits: maxMessageBytes, maxJsonDepth, messagesPerSecond, messageBurst, maxStrikes, strikeWindowMs, maxConnectionsPerIp, maxConnectionsPerUser, maxBufferedBytes, slowConsumer, maxQueuedMessages",
  );
});

Deno.test("a misspelled trusted-proxies option is a TypeError suggesting the option", () => {
  assertOptionError(
    create({
      trustedProxies: {
        addresses: ["10.0.0.1"],
        headers: "forwarded",
      } as ServerOptions["trustedProxies"],
    }),
    TypeError,
    "createServer: trustedProxies.headers is not an option (did you mean trustedProxies.header?); known options: addresses, header",
  );
});

Deno.test("a misspelled route option is a TypeError from the route factory suggesting the option", () => {
  assertOptionError(
    () =>
      testChatRoute({ concurency: "parallel" } as RouteOptions<
        ChatServerEvents
      >),
    TypeError,
    "chatRoute: options.concurency is not an option (did you mean options.concurrency?); known options: auth, limits, concurrency, history, initialState, onOpen, onClose, onPresenceChange",
  );
});

Deno.test("a misspelled route limit is a TypeError from the route factory suggesting the limit", () => {
  assertOptionError(
    () => testChatRoute({ limits: { maxStrike: 3 } as Record<string, number> }),
    TypeError,
    "chatRoute: options.limits.maxStrike is not a limit (did you mean options.limits.maxStrikes?); known limits: maxMessageBytes,",
  );
});

Deno.test("a misspelled route history option is a TypeError from the route factory suggesting the option", () => {
  assertOptionError(
    () =>
      testChatRoute({
        history: { size: 10, ttlMs: 1_000, event: ["message"] } as RouteOptions<
          ChatServerEvents
        >["history"],
      }),
    TypeError,
    "chatRoute: options.history.event is not an option (did you mean options.history.events?); known options: size, ttlMs, events",
  );
});

Deno.test("a route history event the protocol does not have is a TypeError naming it and the protocol's events", () => {
  assertOptionError(
    () =>
      testChatRoute({
        history: {
          size: 10,
          ttlMs: 1_000,
          events: ["message", "mesage" as "message"],
        },
      }),
    TypeError,
    'chatRoute: options.history.events[1] is "mesage", not an event of Chat (did you mean "message"?); Chat\'s events: message, joined, left, typing, presence',
  );
});

Deno.test("a route option added after the factory ran is refused by createServer with the route's path", () => {
  const route = testChatRoute();
  (route.options as Record<string, unknown>).onopen = () => {};
  assertOptionError(
    create({ routes: [route] }),
    TypeError,
    'createServer: routes["/chat"].onopen is not an option (did you mean routes["/chat"].onOpen?)',
  );
});

Deno.test("a misspelled closeOnSignals option is a TypeError suggesting the option", () => {
  const server = { close: () => Promise.resolve() };
  assertOptionError(
    () =>
      closeOnSignals(
        server,
        { exits: false } as Parameters<
          typeof closeOnSignals
        >[1],
      ),
    TypeError,
    "closeOnSignals: exits is not an option (did you mean exit?); known options: signals, onClosed, exit",
  );
});

Deno.test("a key with two letters swapped is one edit from the option it misspells", () => {
  assertOptionError(
    create({ limits: { maxStirkes: 3 } as Record<string, number> }),
    TypeError,
    "createServer: limits.maxStirkes is not a limit (did you mean limits.maxStrikes?)",
  );
});
