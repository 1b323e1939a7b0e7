import type {
  ClientDiagnostic,
  ClientError,
  ConnectionState,
  EventMap,
} from "@wiretype/wiretype/client";
import type { Connection } from "@wiretype/wiretype/server";
import { CloseCode } from "../../src/wire/close_codes.ts";
import { BreakingChangeError } from "../../codegen/breaking_change_error.ts";
import {
  assert,
  assertEquals,
  assertMatch,
  assertRejects,
} from "../_helpers/assert.ts";
import { waitUntil } from "../_helpers/client_chat_peer.ts";
import {
  type AnyClient,
  type AnyHandlers,
  call,
  clientOf,
  type GeneratedRevision,
  ProtocolRevisions,
  routeOf,
} from "../_helpers/protocol_revisions.ts";
import { serveForTest } from "../_helpers/server_harness.ts";

/** Revision 1 of a notice board: what the old clients were generated from. */
const BOARD = `import type { Protocol, Rpc } from "@wiretype/wiretype/define";

/** @pattern ^[a-z]+$ */
export type Topic = string;

export interface Note {
  topic: Topic;
  text: string;
  mood?: string;
}

export interface Board extends Protocol<"/board"> {
  client: {
    /** @replay */
    watch: { topic: Topic };
    post: { topic: Topic; text: string };
    list: Rpc<{ topic: Topic }, { notes: Note[] }>;
  };
  server: {
    posted: Note;
  };
}
`;

type Note = { topic: string; text: string; [field: string]: unknown };

/**
 * Handlers for every revision: a post is stored and broadcast as `posted`
 * (with `extra` fields), and as `edited` when the revision has that event.
 */
function boardHandlers(
  extra: Record<string, unknown> = {},
  edited = false,
): AnyHandlers {
  const notes: Note[] = [];
  return {
    watch: ({ topic }: { topic: string }, ctx: Connection<EventMap>) =>
      ctx.join(topic),
    post: ({ topic, text }: Note, ctx: Connection<EventMap>) => {
      const note = { topic, text, ...extra };
      notes.push(note);
      ctx.broadcast.toRoom(topic, "posted", note);
      if (edited) ctx.broadcast.toRoom(topic, "edited", note);
    },
    list: ({ topic }: { topic: string }) => ({
      notes: notes.filter((note) => note.topic === topic),
    }),
    pin: () => {},
    count: ({ topic }: { topic: string }) => ({
      notes: notes.filter((note) => note.topic === topic).length,
    }),
  };
}

/** What a client saw while a test ran. */
interface Watched {
  readonly client: AnyClient;
  readonly states: ConnectionState[];
  readonly errors: ClientError[];
  readonly diagnostics: ClientDiagnostic[];
  readonly posted: unknown[];
}

function watch(client: AnyClient): Watched {
  const watched: Watched = {
    client,
    states: [],
    errors: [],
    diagnostics: [],
    posted: [],
  };
  client.onState((state) => watched.states.push(state));
  client.onError((error) => watched.errors.push(error));
  client.onDiagnostic((diagnostic) => watched.diagnostics.push(diagnostic));
  client.on("posted", (note) => watched.posted.push(note));
  return watched;
}

/**
 * Serves `server` with `handlers`, connects a client of `old`, and checks it
 * keeps working: it sends every message it knows, gets its events and RPC
 * answers without an error, and is never closed.
 */
async function assertOldClientWorks(
  old: GeneratedRevision,
  server: GeneratedRevision,
  handlers: AnyHandlers,
  extraWait: (watched: Watched) => boolean = () => true,
): Promise<Watched> {
  const served = await serveForTest({ routes: [routeOf(server, handlers)] });
  const watched = watch(clientOf(old, { url: served.wsUrl }));
  try {
    watched.client.connect();
    call(watched.client, "watch", { topic: "news" });
    call(watched.client, "post", { topic: "news", text: "hello" });
    await waitUntil(() => watched.posted.length === 1, "the posted event");
    const answer = await call(watched.client, "list", { topic: "news" });
    assertEquals((answer as { notes: Note[] }).notes.length, 1);
    await waitUntil(() => extraWait(watched), "what the new revision sends");
    assertEquals(watched.errors, []);
    assertEquals(
      watched.states.map((state) => state.kind),
      ["connecting", "open"],
    );
    return watched;
  } finally {
    await watched.client.close();
    await served.close();
  }
}

Deno.test("an old client keeps working after an optional field is added to a client message", async () => {
  await using history = await ProtocolRevisions.start("board", BOARD);
  const old = history.latest;
  const next = await history.change((source) =>
    source.replace(
      "post: { topic: Topic; text: string };",
      "post: { topic: Topic; text: string; pinned?: boolean };",
    )
  );
  assertEquals(next.protocol.changes.map((change) => change.rule), [
    "FIELD_ADDED_OPTIONAL",
  ]);
  await assertOldClientWorks(old, next, boardHandlers());
});

Deno.test("an old client keeps working after a field is added to an event, and ignores it once reported", async () => {
  await using history = await ProtocolRevisions.start("board", BOARD);
  const old = history.latest;
  const next = await history.change((source) =>
    source.replace("  text: string;\n", "  text: string;\n  author: string;\n")
  );
  const watched = await assertOldClientWorks(
    old,
    next,
    boardHandlers({ author: "ada" }),
  );
  assertEquals(watched.posted, [{
    topic: "news",
    text: "hello",
    author: "ada",
  }]);
  assertEquals(watched.diagnostics.map((d) => d.kind), ["unknown_field"]);
  assertMatch(watched.diagnostics[0].message, /"author" of Note/);
  assertEquals(watched.client.ignored, { events: 0, fields: 2 });
});

Deno.test("an old client keeps working after a new event type, which it ignores and counts", async () => {
  await using history = await ProtocolRevisions.start("board", BOARD);
  const old = history.latest;
  const next = await history.change((source) =>
    source.replace("posted: Note;", "posted: Note;\n    edited: Note;")
  );
  const watched = await assertOldClientWorks(
    old,
    next,
    boardHandlers({}, true),
    (watched) => watched.client.ignored.events === 1,
  );
  assertEquals(watched.diagnostics.map((d) => d.kind), ["unknown_event"]);
});

Deno.test("an old client keeps working after a new client message", async () => {
  await using history = await ProtocolRevisions.start("board", BOARD);
  const old = history.latest;
  const next = await history.change((source) =>
    source.replace(
      "/** @replay */",
      "pin: { topic: Topic };\n    /** @replay */",
    )
  );
  assertEquals(next.protocol.changes.map((change) => change.rule), [
    "MESSAGE_ADDED",
  ]);
  await assertOldClientWorks(old, next, boardHandlers());
});

Deno.test("an old client keeps working after a new RPC", async () => {
  await using history = await ProtocolRevisions.start("board", BOARD);
  const old = history.latest;
  const next = await history.change((source) =>
    source.replace(
      "/** @replay */",
      "count: Rpc<{ topic: Topic }, { notes: number }>;\n    /** @replay */",
    )
  );
  await assertOldClientWorks(old, next, boardHandlers());
});

Deno.test("a client generated before the protocol and its file were renamed still connects to the renamed server", async () => {
  await using history = await ProtocolRevisions.start("board", BOARD);
  const first = history.latest;
  const second = await history.change((source) =>
    source.replace("posted: Note;", "posted: Note;\n    edited: Note;")
  );
  const renamed = await history.rename(
    "notice_board",
    (source) => source.replace("interface Board ", "interface NoticeBoard "),
  );
  assertEquals(renamed.protocol.name, "NoticeBoard");
  assertEquals(renamed.protocol.revision, 2);
  assertEquals(renamed.protocol.version, second.protocol.version);
  assert("noticeBoardRoute" in renamed.server);
  await assertOldClientWorks(first, renamed, boardHandlers());
  await assertOldClientWorks(second, renamed, boardHandlers());
});

Deno.test("after an accepted breaking change an old client is closed with 4409 naming it, while a compatible one connects", async () => {
  await using history = await ProtocolRevisions.start("board", BOARD);
  const first = history.latest;
  // Revision 2 drops the optional mood (safe); revision 3 brings it back as
  // a number: fine for clients of revision 2, a retyped field for those of 1.
  const second = await history.change((source) =>
    source.replace("  mood?: string;\n", "")
  );
  const retype = (source: string) =>
    source.replace("  text: string;\n", "  text: string;\n  mood?: number;\n");
  await assertRejects(() => history.change(retype), BreakingChangeError);
  const third = await history.change(retype, true);
  assertEquals(third.protocol.line, 2);

  const served = await serveForTest({
    routes: [routeOf(third, boardHandlers({ mood: 3 }))],
  });
  const oldest = watch(clientOf(first, { url: served.wsUrl }));
  const compatible = watch(clientOf(second, { url: served.wsUrl }));
  try {
    oldest.client.connect();
    compatible.client.connect();
    await waitUntil(
      () => oldest.client.state.kind === "closed",
      "the old client stopped",
    );
    const closed = oldest.client.state;
    assert(closed.kind === "closed");
    assertEquals(closed.code, CloseCode.VersionMismatch);
    assertMatch(
      closed.reason,
      /^incompatible with server [0-9a-f]{12}: .*\$\.notes\[\*\]\.mood: string -> number \(TYPE_CHANGED\)$/,
    );
    call(compatible.client, "watch", { topic: "news" });
    call(compatible.client, "post", { topic: "news", text: "still here" });
    await waitUntil(() => compatible.posted.length === 1, "the posted event");
    assertEquals(compatible.errors, []);
    assertEquals(compatible.client.state.kind, "open");
  } finally {
    await oldest.client.close();
    await compatible.client.close();
    await served.close();
  }
});

Deno.test("a client meeting a server older than itself retries instead of stopping", async () => {
  await using history = await ProtocolRevisions.start("board", BOARD);
  const older = history.latest;
  const newer = await history.change((source) =>
    source.replace("posted: Note;", "posted: Note;\n    edited: Note;")
  );
  const served = await serveForTest({
    routes: [routeOf(older, boardHandlers())],
  });
  const watched = watch(
    clientOf(newer, {
      url: served.wsUrl,
      reconnect: { initialDelayMs: 20, maxDelayMs: 50 },
    }),
  );
  try {
    watched.client.connect();
    await waitUntil(
      () =>
        watched.states.filter((state) => state.kind === "reconnecting")
          .length >= 2,
      "two retries",
    );
    const retry = watched.states.find((state) => state.kind === "reconnecting");
    assert(retry?.kind === "reconnecting");
    assertEquals(retry.code, CloseCode.VersionMismatch);
    assertMatch(retry.reason, /unknown to server/);
    assert(!watched.states.some((state) => state.kind === "closed"));
  } finally {
    await watched.client.close();
    await served.close();
  }
});
