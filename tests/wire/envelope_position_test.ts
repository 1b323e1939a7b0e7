import { decodeEnvelope } from "../../src/wire/envelope.ts";
import { positionOf } from "../../src/wire/publication.ts";
import { assertEquals } from "../_helpers/assert.ts";

Deno.test("a decoded publication keeps its stream, offset and epoch for positionOf", () => {
  const envelope = decodeEnvelope(
    '{"type":"message","data":{"text":"hi"},"stream":"room:general","offset":18,"epoch":"k3f9a2"}',
    32,
  );
  assertEquals(positionOf(envelope), {
    stream: "room:general",
    offset: 18,
    epoch: "k3f9a2",
  });
});

Deno.test("a decoded frame without a position is just type and data", () => {
  const envelope = decodeEnvelope('{"type":"joined","data":{"room":"a"}}', 32);
  assertEquals(envelope, { type: "joined", data: { room: "a" } });
  assertEquals(positionOf(envelope), undefined);
});
