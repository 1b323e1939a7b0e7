import { classifyChanges } from "../../codegen/classify.ts";
import { assertEquals } from "../_helpers/assert.ts";
import {
  array,
  literal,
  NULL,
  number,
  object,
  ref,
  schema,
  type SchemaParts,
  string,
  union,
} from "../_helpers/codegen_schemas.ts";

/** The changes from `before` to `after` as `severity RULE location subject: detail`. */
function changes(before: SchemaParts, after: SchemaParts): string[] {
  return classifyChanges(schema(before), schema(after)).map((change) =>
    `${change.severity} ${change.rule} ${change.location} ${
      change.subjects.join(", ")
    }: ${change.detail}`
  );
}

const SAY = object({ room: string(), text: string() });

Deno.test("an unchanged protocol has no changes", () => {
  assertEquals(changes({ client: { say: SAY } }, { client: { say: SAY } }), []);
});

Deno.test("PATH_CHANGED: a new path is breaking", () => {
  assertEquals(changes({ path: "/a" }, { path: "/b" }), [
    "breaking PATH_CHANGED at:protocol protocol: /a -> /b",
  ]);
});

Deno.test("MESSAGE_ADDED: a new client message is safe", () => {
  assertEquals(changes({}, { client: { say: SAY } }), [
    'safe MESSAGE_ADDED at:say message "say": added',
  ]);
});

Deno.test("MESSAGE_REMOVED: a removed client message is breaking, located at the client side", () => {
  assertEquals(changes({ client: { say: SAY } }, {}), [
    'breaking MESSAGE_REMOVED at:client message "say": removed',
  ]);
});

Deno.test("RPC_ADDED and RPC_REMOVED: a new RPC is safe, a removed one breaking", () => {
  const history: [typeof SAY, typeof SAY] = [object({}), object({})];
  assertEquals(changes({}, { rpcs: { history } }), [
    'safe RPC_ADDED at:history RPC "history": added',
  ]);
  assertEquals(changes({ rpcs: { history } }, {}), [
    'breaking RPC_REMOVED at:client RPC "history": removed',
  ]);
});

Deno.test("REPLAY_CHANGED: adding @replay is safe", () => {
  assertEquals(
    changes({ client: { join: SAY } }, {
      client: { join: { data: SAY, replay: true } },
    }),
    ['safe REPLAY_CHANGED at:join message "join": (none) -> @replay'],
  );
});

Deno.test("EVENT_ADDED: a new event type is safe (clients ignore unknown events)", () => {
  assertEquals(changes({}, { server: { typing: SAY } }), [
    'safe EVENT_ADDED at:typing event "typing": added',
  ]);
});

Deno.test("EVENT_REMOVED: a removed event is dangerous", () => {
  assertEquals(changes({ server: { typing: SAY } }, {}), [
    'dangerous EVENT_REMOVED at:server event "typing": removed',
  ]);
});

Deno.test("FIELD_ADDED_OPTIONAL: an optional field is safe both ways", () => {
  const mood = object({ room: string(), text: string(), "mood?": string() });
  assertEquals(
    changes({ client: { say: SAY }, server: { said: SAY } }, {
      client: { say: mood },
      server: { said: mood },
    }),
    [
      'safe FIELD_ADDED_OPTIONAL at:mood message "say": optional field "mood" added',
      'safe FIELD_ADDED_OPTIONAL at:mood event "said": optional field "mood" added',
    ],
  );
});

Deno.test("FIELD_ADDED_REQUIRED: breaking in what clients send, safe in what the server sends", () => {
  const mood = object({ room: string(), text: string(), mood: string() });
  assertEquals(
    changes({ client: { say: SAY }, server: { said: SAY } }, {
      client: { say: mood },
      server: { said: mood },
    }),
    [
      'breaking FIELD_ADDED_REQUIRED at:mood message "say": required field "mood" added',
      'safe FIELD_ADDED_REQUIRED at:mood event "said": required field "mood" added',
    ],
  );
});

Deno.test("FIELD_REMOVED_OPTIONAL: breaking in what clients send (the server refuses unknown fields), safe in events", () => {
  const mood = object({ room: string(), text: string(), "mood?": string() });
  assertEquals(
    changes({ client: { say: mood }, server: { said: mood } }, {
      client: { say: SAY },
      server: { said: SAY },
    }),
    [
      'safe FIELD_REMOVED_OPTIONAL at:said event "said": optional field "mood" removed',
      'breaking FIELD_REMOVED_OPTIONAL at:say message "say": optional field "mood" removed',
    ],
  );
});

Deno.test("FIELD_REMOVED_REQUIRED: a removed field old clients require is breaking", () => {
  assertEquals(
    changes({ server: { said: SAY } }, {
      server: { said: object({ room: string() }) },
    }),
    [
      'breaking FIELD_REMOVED_REQUIRED at:said event "said": required field "text" removed',
    ],
  );
});

Deno.test("FIELD_MADE_REQUIRED and FIELD_MADE_OPTIONAL follow the direction", () => {
  const optional = object({ room: string(), "text?": string() });
  assertEquals(
    changes({ client: { say: optional } }, { client: { say: SAY } }),
    [
      'breaking FIELD_MADE_REQUIRED at:text message "say" $.text: field "text" made required',
    ],
  );
  assertEquals(
    changes({ server: { said: SAY } }, { server: { said: optional } }),
    [
      'breaking FIELD_MADE_OPTIONAL at:text event "said" $.text: field "text" made optional',
    ],
  );
});

Deno.test("TYPE_CHANGED: a retyped field is breaking both ways", () => {
  const retyped = object({ room: string(), text: number() });
  assertEquals(
    changes({ server: { said: SAY } }, { server: { said: retyped } }),
    ['breaking TYPE_CHANGED at:text event "said" $.text: string -> number'],
  );
});

Deno.test("TYPE_NARROWED: a string become a literal union is breaking for what clients send", () => {
  const narrowed = object({
    room: string(),
    text: union([literal("hi"), literal("bye")]),
  });
  assertEquals(
    changes({ client: { say: SAY } }, { client: { say: narrowed } }),
    [
      'breaking TYPE_NARROWED at:text message "say" $.text: string -> "hi" | "bye"',
    ],
  );
});

Deno.test("TYPE_WIDENED: a literal become a string is dangerous in what the server sends", () => {
  assertEquals(
    changes({ server: { said: object({ mood: literal("calm") }) } }, {
      server: { said: object({ mood: string() }) },
    }),
    ['dangerous TYPE_WIDENED at:mood event "said" $.mood: "calm" -> string'],
  );
});

Deno.test("LITERAL_ADDED: a new literal in what the server sends is dangerous, in what clients send safe", () => {
  const before = union([literal("a"), literal("b")]);
  const after = union([literal("a"), literal("b"), literal("c")]);
  assertEquals(
    changes({ server: { mood: before } }, { server: { mood: after } }),
    ['dangerous LITERAL_ADDED at:mood event "mood": "c" added: "a" | "b" -> "a" | "b" | "c"'],
  );
  assertEquals(
    changes({ client: { mood: before } }, { client: { mood: after } }),
    ['safe LITERAL_ADDED at:mood message "mood": "c" added: "a" | "b" -> "a" | "b" | "c"'],
  );
});

Deno.test("LITERAL_ADDED: null added to an event field (nullable) is dangerous", () => {
  assertEquals(
    changes({ server: { said: object({ text: string() }) } }, {
      server: { said: object({ text: union([string(), NULL]) }) },
    }),
    [
      'dangerous LITERAL_ADDED at:text event "said" $.text: null added: string -> string | null',
    ],
  );
});

Deno.test("LITERAL_REMOVED: a literal removed from what clients send is breaking", () => {
  assertEquals(
    changes({ client: { mood: union([literal("a"), literal("b")]) } }, {
      client: { mood: literal("a") },
    }),
    ['breaking LITERAL_REMOVED at:mood message "mood": "b" removed: "a" | "b" -> "a"'],
  );
});

Deno.test("VARIANT_ADDED and VARIANT_REMOVED: variants of a discriminated union are paired by tag", () => {
  const circle = object({ kind: literal("circle"), radius: number() });
  const square = object({ kind: literal("square"), side: number() });
  const before = union([circle], "kind");
  const after = union([circle, square], "kind");
  assertEquals(
    changes({ server: { shape: before } }, { server: { shape: after } }),
    [
      'dangerous VARIANT_ADDED at:shape event "shape": { kind, side } added: { kind, radius } -> { kind, radius } | { kind, side }',
    ],
  );
  assertEquals(
    changes({ client: { shape: after } }, { client: { shape: before } }),
    [
      'breaking VARIANT_REMOVED at:shape message "shape": { kind, side } removed: { kind, radius } | { kind, side } -> { kind, radius }',
    ],
  );
});

Deno.test("a field added inside one variant of a discriminated union is reported at its path", () => {
  const circle = object({ kind: literal("circle"), radius: number() });
  const bigCircle = object({
    kind: literal("circle"),
    radius: number(),
    "color?": string(),
  });
  const square = object({ kind: literal("square"), side: number() });
  assertEquals(
    changes({ server: { shape: union([circle, square], "kind") } }, {
      server: { shape: union([bigCircle, square], "kind") },
    }),
    [
      'safe FIELD_ADDED_OPTIONAL at:color event "shape" $(kind="circle"): optional field "color" added',
    ],
  );
});

Deno.test("CONSTRAINT_TIGHTENED: a lower @maxLength is breaking for what clients send", () => {
  assertEquals(
    changes(
      { client: { say: object({ text: string({ maxLength: 2000 }) }) } },
      {
        client: { say: object({ text: string({ maxLength: 1000 }) }) },
      },
    ),
    [
      'breaking CONSTRAINT_TIGHTENED at:text message "say" $.text: @maxLength 2000 -> 1000',
    ],
  );
});

Deno.test("CONSTRAINT_LOOSENED: a higher @maxLength is dangerous in what the server sends", () => {
  assertEquals(
    changes(
      { server: { said: object({ text: string({ maxLength: 2000 }) }) } },
      {
        server: { said: object({ text: string({ maxLength: 4000 }) }) },
      },
    ),
    [
      'dangerous CONSTRAINT_LOOSENED at:text event "said" $.text: @maxLength 2000 -> 4000',
    ],
  );
});

Deno.test("CONSTRAINT_TIGHTENED and LOOSENED: @integer and array bounds", () => {
  assertEquals(
    changes({ client: { n: number() } }, {
      client: { n: number({ integer: true }) },
    }),
    ['breaking CONSTRAINT_TIGHTENED at:n message "n": @integer added'],
  );
  assertEquals(
    changes({ server: { list: array(string(), { maxItems: 5 }) } }, {
      server: { list: array(string()) },
    }),
    ['dangerous CONSTRAINT_LOOSENED at:list event "list": @maxItems 5 -> (none)'],
  );
});

Deno.test("CONSTRAINT_CHANGED: a replaced @pattern is breaking for clients, dangerous for the server", () => {
  const before = string({ pattern: "^[a-z]+$" });
  const after = string({ pattern: "^[a-z0-9]+$" });
  assertEquals(
    changes({ client: { room: before }, server: { room: before } }, {
      client: { room: after },
      server: { room: after },
    }),
    [
      'breaking CONSTRAINT_CHANGED at:room message "room": @pattern ^[a-z]+$ -> ^[a-z0-9]+$',
      'dangerous CONSTRAINT_CHANGED at:room event "room": @pattern ^[a-z]+$ -> ^[a-z0-9]+$',
    ],
  );
});

Deno.test("a change to a named type is located at the type and names every place it shows", () => {
  const before = { Message: object({ text: string() }) };
  const after = { Message: object({ text: string(), "mood?": string() }) };
  assertEquals(
    changes({
      types: before,
      server: { message: ref("Message") },
      rpcs: {
        history: [object({}), object({ messages: array(ref("Message")) })],
      },
    }, {
      types: after,
      server: { message: ref("Message") },
      rpcs: {
        history: [object({}), object({ messages: array(ref("Message")) })],
      },
    }),
    [
      'safe FIELD_ADDED_OPTIONAL at:mood RPC "history" answer $.messages[*], event "message": optional field "mood" added',
    ],
  );
});

Deno.test("renaming a named type without changing it is no change", () => {
  assertEquals(
    changes({ types: { Room: string() }, client: { join: ref("Room") } }, {
      types: { RoomName: string() },
      client: { join: ref("RoomName") },
    }),
    [],
  );
});

Deno.test("a recursive type is compared without looping", () => {
  const tree = (extra: Record<string, ReturnType<typeof string>>) =>
    object({ name: string(), children: array(ref("Tree")), ...extra });
  assertEquals(
    changes({ types: { Tree: tree({}) }, server: { tree: ref("Tree") } }, {
      types: { Tree: tree({ "size?": number() }) },
      server: { tree: ref("Tree") },
    }),
    ['safe FIELD_ADDED_OPTIONAL at:size event "tree": optional field "size" added'],
  );
});
