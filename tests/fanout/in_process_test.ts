import { assertEquals, assertNotEquals } from "../_helpers/assert.ts";
import { InProcessFanout } from "../../src/fanout/in_process.ts";
import { assertOptionError } from "../_helpers/option_error.ts";

Deno.test("the in-process fan-out never hands a publication back to its receiver", async () => {
  const fanout = new InProcessFanout();
  const received: string[] = [];
  await fanout.start({
    deliver: (delivery) => received.push(delivery.payload),
  });
  fanout.publish({ route: "/chat", target: { kind: "all" }, payload: "{}" });
  await new Promise((resolve) => setTimeout(resolve, 10));
  await fanout.close();
  assertEquals(received, []);
});

Deno.test("the in-process fan-out lists the local members of a room", async () => {
  const fanout = new InProcessFanout({ nodeId: "solo" });
  await fanout.start({ deliver: () => {} });
  fanout.presence.add("/chat", "general", {
    connectionId: "c2",
    userId: "bob",
    nodeId: "solo",
  });
  fanout.presence.add("/chat", "general", {
    connectionId: "c1",
    userId: "alice",
    nodeId: "solo",
  });
  fanout.presence.remove("/chat", "general", "c2");
  assertEquals(fanout.presence.members("/chat", "general"), [
    { connectionId: "c1", userId: "alice", nodeId: "solo" },
  ]);
  await fanout.close();
});

Deno.test("two in-process fan-outs get different node ids", () => {
  assertNotEquals(new InProcessFanout().nodeId, new InProcessFanout().nodeId);
});

Deno.test("an in-process fan-out's node id must be a non-empty string", () => {
  assertOptionError(
    () => new InProcessFanout({ nodeId: "" }),
    TypeError,
    'InProcessFanout: nodeId must be a non-empty string, got ""',
  );
});

Deno.test("a misspelled in-process fan-out option is a TypeError suggesting the option", () => {
  assertOptionError(
    () =>
      new InProcessFanout(
        { nodeID: "web-1" } as ConstructorParameters<
          typeof InProcessFanout
        >[0],
      ),
    TypeError,
    "InProcessFanout: nodeID is not an option (did you mean nodeId?); known options: nodeId",
  );
});
