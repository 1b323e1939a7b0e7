/**
 * Micro benchmark: the generated validators of the chat protocol against
 * zod 4 and ajv 8 (compiled, with ajv-formats) on the same chat messages,
 * valid and invalid. Each library is used as its documentation suggests,
 * with the same rules: unknown fields refused, the room pattern, length
 * limits, uuid and RFC 3339 date-time formats.
 *
 * ```sh
 * deno bench -A bench/validators_bench.ts
 * ```
 *
 * The wiretype entry of each group is the baseline, so `deno bench` prints
 * how many times faster it is than zod and ajv. Before measuring, the
 * module checks that the three libraries agree on every input.
 *
 * @module
 */
import { z } from "zod";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import {
  validateChatHistoryResponse,
  validateChatMessage,
  validateChatSayMessage,
} from "../protocol/gen/chat_protocol.ts";

const ROOM_PATTERN = "^[a-z0-9-]{1,32}$";

const zodRoom = z.string().regex(new RegExp(ROOM_PATTERN, "u"));
const zodUserName = z.string().min(1).max(40);
const zodChatMessage = z.strictObject({
  id: z.uuid(),
  room: zodRoom,
  user: zodUserName,
  text: z.string().max(2000),
  sentAt: z.iso.datetime({ offset: true }),
});
const zodSay = z.strictObject({
  room: zodRoom,
  text: z.string().min(1).max(2000),
});
const zodHistory = z.strictObject({ messages: z.array(zodChatMessage) });

const ajv = new Ajv();
addFormats.default(ajv);
const ajvRoom = { type: "string", pattern: ROOM_PATTERN };
const ajvChatMessageSchema = {
  type: "object",
  properties: {
    id: { type: "string", format: "uuid" },
    room: ajvRoom,
    user: { type: "string", minLength: 1, maxLength: 40 },
    text: { type: "string", maxLength: 2000 },
    sentAt: { type: "string", format: "date-time" },
  },
  required: ["id", "room", "user", "text", "sentAt"],
  additionalProperties: false,
};
const ajvChatMessage = ajv.compile(ajvChatMessageSchema);
const ajvSay = ajv.compile({
  type: "object",
  properties: {
    room: ajvRoom,
    text: { type: "string", minLength: 1, maxLength: 2000 },
  },
  required: ["room", "text"],
  additionalProperties: false,
});
const ajvHistory = ajv.compile({
  type: "object",
  properties: { messages: { type: "array", items: ajvChatMessageSchema } },
  required: ["messages"],
  additionalProperties: false,
});

function chatMessage(index: number) {
  return {
    id: `7d444840-9dc0-41d1-b245-${String(index).padStart(12, "0")}`,
    room: "general",
    user: `user-${index % 7}`,
    text:
      `message number ${index}: the quick brown fox jumps over the lazy dog`,
    sentAt: new Date(Date.UTC(2024, 4, 1, 12, 0, index)).toISOString(),
  };
}

/** Parsed from JSON, as a server sees them. */
const wire = <T>(value: T): T => JSON.parse(JSON.stringify(value));
const validMessage = wire(chatMessage(1));
const validSay = wire({ room: "general", text: "hello, world" });
const validHistory = wire({
  messages: Array.from({ length: 50 }, (_, i) => chatMessage(i)),
});
// Each invalid input fails on its last check, so every validator walks it all.
const invalidMessage = wire({ ...chatMessage(1), sentAt: "2024-05-01 noon" });
const invalidSay = wire({ room: "general", text: "" });
const invalidHistory = wire({
  messages: [...validHistory.messages.slice(0, 49), {
    ...chatMessage(49),
    room: "Not A Room",
  }],
});

type Check = (value: unknown) => boolean;
interface Case {
  readonly name: string;
  readonly input: unknown;
  readonly valid: boolean;
  readonly wiretype: Check;
  readonly zod: Check;
  readonly ajv: Check;
}

const sayChecks = {
  wiretype: (v: unknown) => validateChatSayMessage(v) === undefined,
  zod: (v: unknown) => zodSay.safeParse(v).success,
  ajv: (v: unknown) => ajvSay(v),
};
const messageChecks = {
  wiretype: (v: unknown) => validateChatMessage(v) === undefined,
  zod: (v: unknown) => zodChatMessage.safeParse(v).success,
  ajv: (v: unknown) => ajvChatMessage(v),
};
const historyChecks = {
  wiretype: (v: unknown) => validateChatHistoryResponse(v) === undefined,
  zod: (v: unknown) => zodHistory.safeParse(v).success,
  ajv: (v: unknown) => ajvHistory(v),
};

const CASES: readonly Case[] = [
  { name: "say, valid", input: validSay, valid: true, ...sayChecks },
  { name: "say, invalid", input: invalidSay, valid: false, ...sayChecks },
  {
    name: "message, valid",
    input: validMessage,
    valid: true,
    ...messageChecks,
  },
  {
    name: "message, invalid",
    input: invalidMessage,
    valid: false,
    ...messageChecks,
  },
  {
    name: "history of 50, valid",
    input: validHistory,
    valid: true,
    ...historyChecks,
  },
  {
    name: "history of 50, invalid",
    input: invalidHistory,
    valid: false,
    ...historyChecks,
  },
];

for (const entry of CASES) {
  for (const library of ["wiretype", "zod", "ajv"] as const) {
    if (entry[library](entry.input) !== entry.valid) {
      throw new Error(
        `${library} does not agree that "${entry.name}" is ${
          entry.valid ? "valid" : "invalid"
        }`,
      );
    }
  }
}

/** Written on every run so the engine cannot drop the call as dead code. */
export let sink = false;

for (const entry of CASES) {
  for (const library of ["wiretype", "zod", "ajv"] as const) {
    const check = entry[library];
    const input = entry.input;
    Deno.bench({
      name: library,
      group: entry.name,
      baseline: library === "wiretype",
      fn: () => {
        sink = check(input);
      },
    });
  }
}
