import { assertEquals } from "../_helpers/assert.ts";
import { assertOptionError } from "../_helpers/option_error.ts";
import { PresenceTable } from "../../src/fanout/presence_table.ts";

function fakeClock(startMs = 1_000_000) {
  let nowMs = startMs;
  return {
    now: () => nowMs,
    advance(ms: number) {
      nowMs += ms;
    },
  };
}

function ids(table: PresenceTable, room = "general"): string[] {
  return table.members("/chat", room).map((member) => member.connectionId);
}

Deno.test("members of a room are listed sorted by connection id", () => {
  const table = new PresenceTable("a");
  table.add("/chat", "general", { connectionId: "c3", nodeId: "a" });
  table.add("/chat", "general", {
    connectionId: "c1",
    userId: "alice",
    nodeId: "a",
  });
  table.applyJoin("b", { route: "/chat", room: "general", connectionId: "c2" });
  assertEquals(table.members("/chat", "general"), [
    { connectionId: "c1", userId: "alice", nodeId: "a" },
    { connectionId: "c2", nodeId: "b" },
    { connectionId: "c3", nodeId: "a" },
  ]);
});

Deno.test("rooms and routes with the same name are kept apart", () => {
  const table = new PresenceTable("a");
  table.add("/chat", "general", { connectionId: "c1", nodeId: "a" });
  table.add("/notes", "general", { connectionId: "c2", nodeId: "a" });
  table.add("/chat", "random", { connectionId: "c3", nodeId: "a" });
  assertEquals(ids(table), ["c1"]);
  assertEquals(table.members("/notes", "general").length, 1);
  assertEquals(ids(table, "random"), ["c3"]);
});

Deno.test("a local member that left is no longer listed", () => {
  const table = new PresenceTable("a");
  table.add("/chat", "general", { connectionId: "c1", nodeId: "a" });
  table.add("/chat", "general", { connectionId: "c2", nodeId: "a" });
  table.remove("/chat", "general", "c1");
  table.remove("/chat", "nowhere", "c9");
  assertEquals(ids(table), ["c2"]);
});

Deno.test("local members are recorded under this node's id", () => {
  const table = new PresenceTable("a");
  table.add("/chat", "general", { connectionId: "c1", nodeId: "someone-else" });
  assertEquals(table.members("/chat", "general")[0].nodeId, "a");
});

Deno.test("local entries list every local membership for snapshots", () => {
  const table = new PresenceTable("a");
  table.add("/chat", "general", {
    connectionId: "c1",
    userId: "alice",
    nodeId: "a",
  });
  table.add("/chat", "random", {
    connectionId: "c1",
    userId: "alice",
    nodeId: "a",
  });
  table.applyJoin("b", { route: "/chat", room: "general", connectionId: "c2" });
  assertEquals(table.localEntries(), [
    { route: "/chat", room: "general", connectionId: "c1", userId: "alice" },
    { route: "/chat", room: "random", connectionId: "c1", userId: "alice" },
  ]);
});

Deno.test("a remote leave removes the member of that node", () => {
  const table = new PresenceTable("a");
  table.applyJoin("b", { route: "/chat", room: "general", connectionId: "c1" });
  table.applyJoin("b", { route: "/chat", room: "general", connectionId: "c2" });
  table.applyLeave("b", {
    route: "/chat",
    room: "general",
    connectionId: "c1",
  });
  assertEquals(ids(table), ["c2"]);
});

Deno.test("a snapshot replaces everything known about its node", () => {
  const table = new PresenceTable("a");
  table.applyJoin("b", {
    route: "/chat",
    room: "general",
    connectionId: "gone",
  });
  table.applyJoin("c", {
    route: "/chat",
    room: "general",
    connectionId: "other",
  });
  table.applySnapshot("b", [
    { route: "/chat", room: "general", connectionId: "c1", userId: "bob" },
  ]);
  assertEquals(table.members("/chat", "general"), [
    { connectionId: "c1", userId: "bob", nodeId: "b" },
    { connectionId: "other", nodeId: "c" },
  ]);
});

Deno.test("this node's own echoes do not change the table", () => {
  const table = new PresenceTable("a");
  table.applyJoin("a", { route: "/chat", room: "general", connectionId: "c1" });
  table.applySnapshot("a", [{
    route: "/chat",
    room: "general",
    connectionId: "c2",
  }]);
  assertEquals(ids(table), []);
  assertEquals(table.liveNodes(), []);
});

Deno.test("members of a node silent past the timeout stop being listed", () => {
  const clock = fakeClock();
  const table = new PresenceTable("a", {
    nodeTimeoutMs: 10_000,
    clock: clock.now,
  });
  table.add("/chat", "general", { connectionId: "local", nodeId: "a" });
  table.applySnapshot("b", [{
    route: "/chat",
    room: "general",
    connectionId: "remote",
  }]);
  clock.advance(10_000);
  assertEquals(ids(table), ["local", "remote"]);
  clock.advance(1);
  assertEquals(ids(table), ["local"]);
  assertEquals(table.liveNodes(), []);
});

Deno.test("each snapshot keeps a node's members alive", () => {
  const clock = fakeClock();
  const table = new PresenceTable("a", {
    nodeTimeoutMs: 10_000,
    clock: clock.now,
  });
  const entries = [{ route: "/chat", room: "general", connectionId: "remote" }];
  for (let beat = 0; beat < 5; beat++) {
    table.applySnapshot("b", entries);
    clock.advance(6_000);
  }
  assertEquals(ids(table), ["remote"]);
  assertEquals(table.liveNodes(), ["b"]);
});

Deno.test("pruning frees silent nodes and reports them", () => {
  const clock = fakeClock();
  const table = new PresenceTable("a", {
    nodeTimeoutMs: 10_000,
    clock: clock.now,
  });
  table.applySnapshot("b", [{
    route: "/chat",
    room: "general",
    connectionId: "x",
  }]);
  clock.advance(5_000);
  table.applySnapshot("c", [{
    route: "/chat",
    room: "general",
    connectionId: "y",
  }]);
  clock.advance(5_001);
  assertEquals(table.pruneSilentNodes(), ["b"]);
  assertEquals(table.liveNodes(), ["c"]);
  // A freed node is new again when it is next heard from.
  assertEquals(table.heardFrom("b"), true);
  assertEquals(table.heardFrom("c"), false);
});

Deno.test("a node back from silence does not bring back its stale members", () => {
  const clock = fakeClock();
  const table = new PresenceTable("a", {
    nodeTimeoutMs: 10_000,
    clock: clock.now,
  });
  table.applySnapshot("b", [{
    route: "/chat",
    room: "general",
    connectionId: "stale",
  }]);
  clock.advance(20_000);
  table.applyJoin("b", {
    route: "/chat",
    room: "general",
    connectionId: "fresh",
  });
  assertEquals(ids(table), ["fresh"]);
});

Deno.test("a dropped node's members disappear at once", () => {
  const table = new PresenceTable("a");
  table.applySnapshot("b", [{
    route: "/chat",
    room: "general",
    connectionId: "x",
  }]);
  table.dropNode("b");
  assertEquals(ids(table), []);
});

Deno.test("an empty node id or a clock that is not a function is a TypeError naming it", () => {
  assertOptionError(
    () => new PresenceTable(""),
    TypeError,
    'PresenceTable: nodeId must be a non-empty string, got ""',
  );
  assertOptionError(
    () => new PresenceTable("a", { clock: 5 as unknown as () => number }),
    TypeError,
    "PresenceTable: clock must be a function, got 5",
  );
});

Deno.test("a node timeout out of range is a RangeError naming it", () => {
  assertOptionError(
    () => new PresenceTable("a", { nodeTimeoutMs: 0 }),
    RangeError,
    "PresenceTable: nodeTimeoutMs must be a positive number, got 0",
  );
  assertOptionError(
    () => new PresenceTable("a", { nodeTimeoutMs: Number.NaN }),
    RangeError,
    "PresenceTable: nodeTimeoutMs",
  );
});

Deno.test("a misspelled presence table option is a TypeError suggesting the option", () => {
  assertOptionError(
    () =>
      new PresenceTable(
        "a",
        { nodeTimeout: 5_000 } as ConstructorParameters<
          typeof PresenceTable
        >[1],
      ),
    TypeError,
    "PresenceTable: nodeTimeout is not an option (did you mean nodeTimeoutMs?); known options: nodeTimeoutMs, clock, onChange",
  );
});
