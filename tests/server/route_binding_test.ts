import { createServer } from "@wiretype/wiretype";
import type { Route } from "@wiretype/wiretype/server";
import { assertThrows } from "../_helpers/assert.ts";
import { assertOptionError } from "../_helpers/option_error.ts";
import { testChatRoute } from "../_helpers/server_chat.ts";

Deno.test("a route's broadcast before any server serves it says to pass the route to createServer", () => {
  const chat = testChatRoute();
  assertThrows(
    () => chat.broadcast,
    /route \/chat is not served yet: pass it to createServer\(\{ routes \}\) before broadcasting/,
  );
});

Deno.test("a route served by a second server is refused: one route per server", async () => {
  const chat = testChatRoute();
  const first = createServer({ routes: [chat] });
  try {
    assertOptionError(
      () => createServer({ routes: [chat] }),
      TypeError,
      'createServer: routes["/chat"] is already served by another server; create one route per server',
    );
  } finally {
    await first.close();
  }
});

Deno.test("a route not made by a generated factory is refused with what to pass instead", () => {
  // What a generated factory returned, in another object: not a route.
  const copy = Object.create(testChatRoute()) as Route;
  assertOptionError(
    () => createServer({ routes: [copy] }),
    TypeError,
    'createServer: routes["/chat"] was not made by a generated route factory',
  );
});
