import {
  type KitchenSinkContext,
  type KitchenSinkHandlers,
  kitchenSinkRoute,
  tickerRoute,
} from "../_fixtures/protocols/gen/kitchen_sink_server.ts";
import {
  kitchenSinkClientProtocol,
  tickerClientProtocol,
} from "../_fixtures/protocols/gen/kitchen_sink_client.ts";
import { kitchenSinkProtocolInfo } from "../_fixtures/protocols/gen/kitchen_sink_protocol.ts";
import { assertEquals, assertThrows } from "../_helpers/assert.ts";
import {
  validEverything,
  validPerson,
} from "../_helpers/codegen_kitchen_values.ts";

const UUID = "7d444840-9dc0-11d1-b245-5ffdce74fad2";

/** Handlers that record each call; the dispatcher never looks inside `ctx`. */
function recordingHandlers() {
  const calls: [string, unknown][] = [];
  const handlers: KitchenSinkHandlers = {
    subscribe: (data) => void calls.push(["subscribe", data]),
    unsubscribe: (data) => void calls.push(["unsubscribe", data]),
    everything: (data) => void calls.push(["everything", data]),
    poke: (data) => void calls.push(["poke", data]),
    lookup: (data) => {
      calls.push(["lookup", data]);
      return { people: { [data.ids[0]]: validPerson() }, missing: [] };
    },
  };
  return { calls, handlers };
}

// The dispatcher only passes the context on; no server is needed to test it.
const ctx = {} as KitchenSinkContext;

Deno.test("the generated route calls a message's handler with the validated data", () => {
  const { calls, handlers } = recordingHandlers();
  const route = kitchenSinkRoute(handlers);
  const everything = validEverything();
  assertEquals(route.dispatch("subscribe", { topic: "news" }, ctx), {
    kind: "handled",
    result: undefined,
  });
  assertEquals(route.dispatch("everything", everything, ctx).kind, "handled");
  assertEquals(calls, [["subscribe", { topic: "news" }], [
    "everything",
    everything,
  ]]);
});

Deno.test("the generated route refuses invalid data with its path and does not call the handler", () => {
  const { calls, handlers } = recordingHandlers();
  const route = kitchenSinkRoute(handlers);
  assertEquals(route.dispatch("subscribe", { topic: "News" }, ctx), {
    kind: "invalid",
    issue: { path: ".topic", message: "expected to match /^[a-z][a-z0-9_]*$/" },
  });
  assertEquals(route.dispatch("lookup", { ids: [] }, ctx), {
    kind: "invalid",
    issue: { path: ".ids", message: "expected at least 1 item" },
  });
  assertEquals(calls, []);
});

Deno.test("the generated route returns an RPC handler's answer", () => {
  const { handlers } = recordingHandlers();
  const route = kitchenSinkRoute(handlers);
  assertEquals(route.dispatch("lookup", { ids: [UUID] }, ctx), {
    kind: "handled",
    result: { people: { [UUID]: validPerson() }, missing: [] },
  });
});

Deno.test("the generated route reports types it does not handle as unknown, server event names included", () => {
  const { calls, handlers } = recordingHandlers();
  const route = kitchenSinkRoute(handlers);
  assertEquals(route.dispatch("nope", {}, ctx), { kind: "unknown" });
  assertEquals(route.dispatch("person", validPerson(), ctx), {
    kind: "unknown",
  });
  assertEquals(tickerRoute({}).dispatch("tick", { sequence: 1 }, {} as never), {
    kind: "unknown",
  });
  assertEquals(calls, []);
});

Deno.test("a route factory given no function for some messages and RPCs throws a TypeError naming them and the protocol", () => {
  const { subscribe, unsubscribe, everything } = recordingHandlers().handlers;
  const incomplete = { subscribe, unsubscribe, everything };
  assertThrows(
    () => kitchenSinkRoute(incomplete as unknown as KitchenSinkHandlers),
    {
      name: "TypeError",
      message:
        "kitchenSinkRoute: handlers have no function for poke and lookup: give every client message and RPC of KitchenSink (/kitchen-sink) a handler",
    },
  );
});

Deno.test("a route factory given a handler that is not a function throws at start-up", () => {
  const handlers = { ...recordingHandlers().handlers, poke: "later" };
  assertThrows(
    () => kitchenSinkRoute(handlers as unknown as KitchenSinkHandlers),
    { name: "TypeError", message: /have no function for poke:/ },
  );
});

Deno.test("a route factory given a handler for a message the protocol no longer has throws, suggesting the one meant; a class instance's own helpers are left alone", () => {
  // Left behind after the message was removed from the protocol (or
  // misspelt): it would never run.
  const stale = { ...recordingHandlers().handlers, pokes: () => {} };
  assertThrows(
    () => kitchenSinkRoute(stale as unknown as KitchenSinkHandlers),
    {
      name: "TypeError",
      message:
        /^kitchenSinkRoute: handlers\.pokes is not a client message or RPC of KitchenSink \(\/kitchen-sink\) \(did you mean handlers\.poke\?\); its messages and RPCs: /,
    },
  );
  // Misspelt, with the real one missing: named with the one meant.
  const { poke: _poke, ...withoutPoke } = recordingHandlers().handlers;
  assertThrows(
    () =>
      kitchenSinkRoute(
        { ...withoutPoke, pkoe: () => {} } as unknown as KitchenSinkHandlers,
      ),
    {
      name: "TypeError",
      message: /handlers\.pkoe is not .*did you mean handlers\.poke\?/,
    },
  );
  // Data next to the handlers is not judged, nor is an instance of a class.
  const withData = { ...recordingHandlers().handlers, greeting: "hello" };
  kitchenSinkRoute(withData as unknown as KitchenSinkHandlers);
  const { handlers } = recordingHandlers();
  class Handlers {
    helper = () => "mine";
  }
  kitchenSinkRoute(
    Object.assign(new Handlers(), handlers) as unknown as KitchenSinkHandlers,
  );
});

Deno.test("a route factory given no handlers object throws a TypeError naming the factory", () => {
  assertThrows(
    () => kitchenSinkRoute(null as unknown as KitchenSinkHandlers),
    {
      name: "TypeError",
      message:
        /^kitchenSinkRoute: handlers must be an object with a function for each client message and RPC of KitchenSink \(\/kitchen-sink\), got null$/,
    },
  );
});

Deno.test("the generated route carries the protocol's path, version and RPC names", () => {
  const route = kitchenSinkRoute(recordingHandlers().handlers, {
    auth: "public",
  });
  assertEquals(route.protocol, kitchenSinkProtocolInfo);
  assertEquals([...route.rpcTypes], ["lookup"]);
  assertEquals(route.options, { auth: "public" });
});

Deno.test("the generated client protocol validates server events and RPC answers, and lists replayed messages", () => {
  assertEquals(kitchenSinkClientProtocol.path, "/kitchen-sink");
  assertEquals(
    kitchenSinkClientProtocol.version,
    kitchenSinkProtocolInfo.version,
  );
  assertEquals(Object.keys(kitchenSinkClientProtocol.events), [
    "person",
    "shape",
    "echo",
  ]);
  assertEquals(
    kitchenSinkClientProtocol.events.shape({ kind: "circle", radius: -1 }),
    {
      path: ".radius",
      message: "expected > 0",
    },
  );
  assertEquals(
    kitchenSinkClientProtocol.results.lookup({ people: {}, missing: [UUID] }),
    undefined,
  );
  assertEquals(kitchenSinkClientProtocol.replay, ["subscribe"]);
  assertEquals(kitchenSinkClientProtocol.forgets, { unsubscribe: "subscribe" });
  assertEquals(tickerClientProtocol.replay, []);
  assertEquals(Object.keys(tickerClientProtocol.results), []);
});
