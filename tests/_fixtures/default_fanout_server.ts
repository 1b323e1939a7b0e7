/**
 * A server left on the default (in-process) fan-out, as step 3 of the
 * README writes it, for the test that runs it under `deno serve --parallel`
 * by mistake. No handler is called there.
 *
 * @module
 */
import { createServer } from "@wiretype/wiretype";
import { fanoutProbeRoute } from "./protocols/gen/fanout_probe_server.ts";

const unused = () => {
  throw new Error("no handler is called in this test");
};

export default createServer({
  routes: [
    fanoutProbeRoute({
      join: unused,
      toRoom: unused,
      toUser: unused,
      toAll: unused,
      whoami: unused,
      presence: unused,
    }),
  ],
});
