import { assertEquals, assertStrictEquals } from "../_helpers/assert.ts";
import {
  decodeNodeMessage,
  encodeNodeMessage,
} from "../../src/fanout/_node_message.ts";

Deno.test("a delivery's payload travels verbatim after the header, neither escaped nor re-serialised", () => {
  const payload =
    '{"type":"message","data":{"text":"quote \\" newline \\n ✓"}}';
  const text = encodeNodeMessage("node-a", 7, {
    kind: "delivery",
    deliverySeq: 3,
    delivery: {
      route: "/chat",
      target: { kind: "user", userId: "alice" },
      payload,
    },
  });
  assertStrictEquals(text.slice(text.indexOf("\n") + 1), payload);
  assertEquals(decodeNodeMessage(text), {
    origin: "node-a",
    seq: 7,
    body: {
      kind: "delivery",
      deliverySeq: 3,
      delivery: {
        route: "/chat",
        target: { kind: "user", userId: "alice" },
        payload,
      },
    },
  });
});

Deno.test("presence messages survive the round trip", () => {
  const entries = [
    { route: "/chat", room: "general", connectionId: "c1", userId: "alice" },
    { route: "/chat", room: "random", connectionId: "c2" },
  ];
  const bodies = [
    { kind: "join", entry: entries[0] },
    { kind: "leave", entry: entries[1] },
    { kind: "heartbeat", digest: { count: 2, hash: "00ff00ff00ff00ff" } },
    { kind: "snapshot", entries },
    { kind: "sync", nodeId: "m" },
    { kind: "hello" },
    { kind: "bye" },
  ] as const;
  for (const body of bodies) {
    assertEquals(
      decodeNodeMessage(encodeNodeMessage("n", 1, body))?.body,
      body,
    );
  }
});

Deno.test("messages of another format or version are refused", () => {
  for (
    const text of [
      "",
      "[]",
      '{"v":1,"origin":"n","seq":0,"kind":"hello"}',
      '{"v":3,"origin":"n","seq":0,"kind":"hello"}',
      '{"v":2,"seq":0,"kind":"hello"}',
      '{"v":2,"origin":"n","seq":-1,"kind":"hello"}',
      '{"v":2,"origin":"n","seq":0,"kind":"shout"}',
      '{"v":2,"origin":"n","seq":0,"kind":"delivery","deliverySeq":0,"route":"/chat","target":{"kind":"all"}}',
      '{"v":2,"origin":"n","seq":0,"kind":"delivery","route":"/chat","target":{"kind":"all"}}\n{}',
      '{"v":2,"origin":"n","seq":0,"kind":"join","entry":{"route":"/chat","room":"a"}}',
      '{"v":2,"origin":"n","seq":0,"kind":"heartbeat","digest":{"count":-1,"hash":"0"}}',
      '{"v":2,"origin":"n","seq":0,"kind":"heartbeat","entries":[]}',
      '{"v":2,"origin":"n","seq":0,"kind":"snapshot","entries":[{"route":"/chat"}]}',
      '{"v":2,"origin":"n","seq":0,"kind":"sync","nodeId":""}',
    ]
  ) {
    assertEquals(decodeNodeMessage(text), undefined, text);
  }
});
