import { decodeEnvelope } from "../../src/wire/envelope.ts";
import { ErrorCode, ProtocolError } from "../../src/wire/protocol_error.ts";
import { assertEquals, assertThrows } from "../_helpers/assert.ts";

function nested(depth: number): string {
  return "[".repeat(depth) + "]".repeat(depth);
}

Deno.test("a frame nested exactly maxDepth levels is accepted", () => {
  const frame = `{"type":"t","data":${nested(7)}}`;
  assertEquals(decodeEnvelope(frame, 8).type, "t");
});

Deno.test("a frame nested one level deeper than maxDepth is refused with too_deep", () => {
  const frame = `{"type":"t","data":${nested(8)}}`;
  assertThrows(
    () => decodeEnvelope(frame, 8),
    (error: unknown) =>
      error instanceof ProtocolError && error.code === ErrorCode.TooDeep,
  );
});

Deno.test("many brackets side by side are not mistaken for deep nesting", () => {
  const data = Array.from({ length: 50 }, () => "[{}]").join(",");
  const frame = `{"type":"t","data":[${data}]}`;
  assertEquals((decodeEnvelope(frame, 4).data as unknown[]).length, 50);
});

Deno.test("brackets inside strings do not count as nesting", () => {
  const frame = JSON.stringify({
    type: "t",
    data: { text: "[[[[[[[[[[{{{{{{{{{{" },
  });
  assertEquals(decodeEnvelope(frame, 3).data, { text: "[[[[[[[[[[{{{{{{{{{{" });
});
