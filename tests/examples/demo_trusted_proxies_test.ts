import { assertMatch, assertRejects } from "../_helpers/assert.ts";
import { spawnServer } from "../_helpers/spawned_server.ts";

Deno.test("the demo refuses to start with a WIRETYPE_TRUSTED_PROXIES entry that is not an address, naming it", async () => {
  await assertRejects(
    () =>
      spawnServer({
        args: ["task", "demo"],
        env: {
          PORT: "0",
          HOST: "127.0.0.1",
          WIRETYPE_TRUSTED_PROXIES: "10.0.0.10, nginx.internal",
        },
      }),
    (error: Error) => {
      assertMatch(
        error.message,
        /WIRETYPE_TRUSTED_PROXIES: "nginx\.internal" is not an IP address or CIDR range/,
      );
      return true;
    },
  );
});
