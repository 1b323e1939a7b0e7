import { CodegenErrorCode } from "../../codegen/codegen_error.ts";
import { assert, assertEquals } from "../_helpers/assert.ts";
import {
  badProtocol,
  generationError,
  locate,
} from "../_helpers/codegen_errors.ts";

interface ErrorCase {
  /** The test's name. */
  readonly name: string;
  /** The text of protocol/bad.ts. */
  readonly source: string;
  /** Other files, relative to the temporary project. */
  readonly others?: Readonly<Record<string, string>>;
  readonly code: CodegenErrorCode;
  /** The text the error's location points at, and which occurrence. */
  readonly at: string;
  readonly occurrence?: number;
  /** What the message says is wrong, and how to fix it. */
  readonly problem: string;
  readonly fix: string;
}

const CASES: readonly ErrorCase[] = [
  {
    name: "a function type is refused",
    source: badProtocol("call: { done: () => void };"),
    code: CodegenErrorCode.UnsupportedType,
    at: "() => void",
    problem: "functions cannot be sent over the wire",
    fix: "send data, and handle it with a message or an RPC",
  },
  {
    name: "a method is refused",
    source: badProtocol("call: { run(): void };"),
    code: CodegenErrorCode.UnsupportedType,
    at: "run(): void",
    problem: "methods cannot be sent over the wire",
    fix: "declare data fields only",
  },
  {
    name: "a class is refused",
    source: badProtocol(
      "save: { thing: Thing };",
      "class Thing {\n  x = 1;\n}\n",
    ),
    code: CodegenErrorCode.UnsupportedType,
    at: "class Thing",
    problem: "the class Thing cannot be sent over the wire",
    fix: "declare an interface with its data fields",
  },
  {
    name: "`any` is refused",
    source: badProtocol("save: { blob: any };"),
    code: CodegenErrorCode.UnsupportedType,
    at: "any",
    problem: "`any` cannot be validated",
    fix: "name the exact type of the value",
  },
  {
    name: "`unknown` is refused",
    source: badProtocol("save: { blob: unknown };"),
    code: CodegenErrorCode.UnsupportedType,
    at: "unknown",
    problem: "`unknown` cannot be validated",
    fix: "name the exact type of the value",
  },
  {
    name: "`undefined` is refused, also in a union",
    source: badProtocol("save: { name: string | undefined };"),
    code: CodegenErrorCode.UnsupportedType,
    at: "undefined",
    problem: "`undefined` does not exist in JSON",
    fix: "make the field optional with `?`, or use `null`",
  },
  {
    name: "an instantiated generic alias is refused",
    source: badProtocol(
      "save: { box: Box<string> };",
      "type Box<T> = { value: T };\n",
    ),
    code: CodegenErrorCode.UnresolvedGeneric,
    at: "Box<string>",
    problem:
      "the generic type `Box<string>` cannot be resolved by the code generator",
    fix: "declare a concrete interface or alias without type parameters",
  },
  {
    name:
      "a generic interface used through its default type argument is refused",
    source: badProtocol(
      "save: { box: Box };",
      "interface Box<T = string> {\n  value: T;\n}\n",
    ),
    code: CodegenErrorCode.UnresolvedGeneric,
    at: "Box }",
    problem: "the generic type Box cannot be resolved by the code generator",
    fix: "declare a concrete interface or alias without type parameters",
  },
  {
    name: "a protocol with a type parameter is refused",
    source: `import type { Protocol } from "@wiretype/wiretype/define";
export interface Bad<T> extends Protocol<"/bad"> {
  client: { save: { value: T } };
  server: Record<string, never>;
}
`,
    code: CodegenErrorCode.UnresolvedGeneric,
    at: "export interface Bad",
    problem: "the protocol Bad has type parameters",
    fix: "remove them; a protocol is concrete",
  },
  {
    name: "an import from a file that does not exist is refused",
    source: badProtocol(
      "save: { ghost: Ghost };",
      'import type { Ghost } from "./ghost.ts";\n',
    ),
    code: CodegenErrorCode.UnresolvedType,
    at: "Ghost }",
    occurrence: 2,
    problem: 'the import of Ghost from "./ghost.ts" cannot be resolved',
    fix:
      "check the file path (with its .ts extension) and that the file exports the type",
  },
  {
    name: "an import of a name the file does not export is refused",
    source: badProtocol(
      "save: { ghost: Ghost };",
      'import type { Ghost } from "./types.ts";\n',
    ),
    others: {
      "protocol/types.ts": "export interface Spirit {\n  name: string;\n}\n",
    },
    code: CodegenErrorCode.UnresolvedType,
    at: "Ghost }",
    occurrence: 2,
    problem: 'the import of Ghost from "./types.ts" cannot be resolved',
    fix:
      "check the file path (with its .ts extension) and that the file exports the type",
  },
  {
    name: "a type that is neither declared nor imported is refused",
    source: badProtocol("save: { ghost: Ghost };"),
    code: CodegenErrorCode.UnresolvedType,
    at: "Ghost",
    problem: "the type Ghost is not defined",
    fix: 'declare it, or import it (`import type { Ghost } from "./file.ts"`)',
  },
  {
    name: "a built-in type such as Date is refused where it is used",
    source: badProtocol("save: { at: Date };"),
    code: CodegenErrorCode.UnsupportedType,
    at: "Date",
    problem: "Date is a built-in JavaScript type, not JSON data",
    fix: "send the time as a `string` tagged @format date-time",
  },
  {
    name: "a generic built-in type such as Map is refused as built-in",
    source: badProtocol("save: { counts: Map<string, number> };"),
    code: CodegenErrorCode.UnsupportedType,
    at: "Map<",
    problem: "Map is a built-in JavaScript type, not JSON data",
    fix:
      "declare an interface with the fields to send, or use Record<string, T> or an array",
  },
  {
    name:
      "an interface extending a built-in type is refused at the extends clause",
    source: badProtocol(
      "save: Stamp;",
      "interface Stamp extends Date {\n  label: string;\n}\n",
    ),
    code: CodegenErrorCode.UnsupportedType,
    at: "Date {",
    problem: "Date is a built-in JavaScript type, not JSON data",
    fix: "send the time as a `string` tagged @format date-time",
  },
  {
    name: "an unknown tag such as the typo @maxLenght is refused",
    source: badProtocol(
      "say: {\n      /** @maxLenght 20 */\n      text: string;\n    };",
    ),
    code: CodegenErrorCode.BadTag,
    at: "@maxLenght",
    problem: "unknown JSDoc tag @maxLenght",
    fix:
      "use one of @minLength, @maxLength, @pattern, @format, @integer, @minimum, @maximum, @exclusiveMinimum, @exclusiveMaximum, @minItems, @maxItems, @replay, @forgets",
  },
  {
    name: "@replay on a field is refused",
    source: badProtocol(
      "join: {\n      /** @replay */\n      room: string;\n    };",
    ),
    code: CodegenErrorCode.BadTag,
    at: "@replay",
    problem: "@replay applies to client messages, not to a field",
    fix: "put @replay and @forgets on a client message that is not an RPC",
  },
  {
    name: "@replay on an RPC is refused",
    source: badProtocol(
      "/** @replay */\n    find: Rpc<{ q: string }, { hits: string[] }>;",
    ),
    code: CodegenErrorCode.BadTag,
    at: "@replay",
    problem: "@replay applies to client messages, not to an RPC",
    fix: "put @replay and @forgets on a client message that is not an RPC",
  },
  {
    name: "a constraint tag on an RPC member is refused",
    source: badProtocol(
      "/** @maxLength 3 */\n    find: Rpc<{ q: string }, { hits: string[] }>;",
    ),
    code: CodegenErrorCode.BadTag,
    at: "@maxLength",
    problem: "@maxLength cannot go on an RPC",
    fix: "put it on a field of the request or of the answer",
  },
  {
    name: "a constraint tag on the protocol interface is refused",
    source: badProtocol("say: { text: string };").replace(
      "export interface Bad",
      "/** @maxLength 3 */\nexport interface Bad",
    ),
    code: CodegenErrorCode.BadTag,
    at: "@maxLength",
    problem: "@maxLength cannot go on a protocol",
    fix: "put it on a field, a message or a type alias",
  },
  {
    name:
      "a quoted message name that is not an identifier is named once quoted",
    source: badProtocol('"bid-now": { amount: number };'),
    code: CodegenErrorCode.NameClash,
    at: "export interface Bad",
    problem: 'the message name "bid-now" is not an identifier',
    fix: "use letters, digits and underscores",
  },
  {
    name:
      "two messages whose generated types would have the same name are refused",
    source: badProtocol(
      "closed: { at: number };\n    badClosed: { at: number };",
    ),
    code: CodegenErrorCode.NameClash,
    at: "export interface Bad",
    problem:
      "the message closed and the message badClosed would both generate the type BadClosedMessage",
    fix: "rename one of them",
  },
  {
    name: "a number tag on a string is refused",
    source: badProtocol(
      "say: {\n      /** @minimum 1 */\n      text: string;\n    };",
    ),
    code: CodegenErrorCode.BadTag,
    at: "string",
    problem: "@minimum applies to number types, not to string",
    fix: "remove @minimum or change the type to number",
  },
  {
    name: "an array tag on a boolean is refused",
    source: badProtocol(
      "say: {\n      /** @maxItems 3 */\n      loud: boolean;\n    };",
    ),
    code: CodegenErrorCode.BadTag,
    at: "boolean",
    problem: "@maxItems applies to array types, not to this type",
    fix: "remove @maxItems or change the type to an array",
  },
  {
    name: "a string tag on a union with no string in it is refused",
    source: badProtocol(
      "say: {\n      /** @maxLength 3 */\n      size: number | boolean;\n    };",
    ),
    code: CodegenErrorCode.BadTag,
    at: "number | boolean",
    problem: "@maxLength applies to string types, not to this type",
    fix: "remove @maxLength or change the type to string",
  },
  {
    name: "an unsupported @format is refused",
    source: badProtocol(
      "say: {\n      /** @format phone */\n      to: string;\n    };",
    ),
    code: CodegenErrorCode.BadTag,
    at: "string",
    problem: "@format phone is not supported",
    fix: "use one of email, uuid, date-time, uri, or @pattern",
  },
  {
    name: "a @pattern that is not a regular expression is refused",
    source: badProtocol(
      "say: {\n      /** @pattern ([a-z */\n      to: string;\n    };",
    ),
    code: CodegenErrorCode.BadTag,
    at: "string",
    problem:
      "@pattern ([a-z is not a valid regular expression (Invalid regular expression: /([a-z/u: Unterminated character class)",
    fix: "write a JavaScript regular expression without slashes",
  },
  {
    name: "the reserved message name ping is refused",
    source: badProtocol("ping: { at: number };"),
    code: CodegenErrorCode.NameClash,
    at: "export interface Bad",
    problem: 'the message name "ping" is reserved by the wire protocol',
    fix:
      "rename it; reserved: auth, ping, pong, error, welcome, position, recover",
  },
  {
    name:
      "a client message named close is refused, as it would hide the client's close()",
    source: badProtocol("close: { reason: string };"),
    code: CodegenErrorCode.NameClash,
    at: "export interface Bad",
    problem:
      'the client message "close" would hide the client\'s own close() method',
    fix:
      "rename it; reserved: connect, close, on, onState, onError, onRecovery, state, streamStats, retryNow, sendMessage, callRpc, constructor, onDiagnostic, ignored",
  },
  {
    name: "an intersection type is refused",
    source: badProtocol(
      "save: A & B;",
      "interface A {\n  a: string;\n}\ninterface B {\n  b: string;\n}\n",
    ),
    code: CodegenErrorCode.UnsupportedType,
    at: "A & B",
    problem: "intersection types (`A & B`) are not supported",
    fix: "declare one interface that `extends` both",
  },
];

for (const errorCase of CASES) {
  Deno.test(`${errorCase.name}, naming file:line:column, the problem and the fix`, async () => {
    const { error, wroteFiles } = await generationError({
      "protocol/bad.ts": errorCase.source,
      ...errorCase.others,
    });
    const location = `protocol/bad.ts:${
      locate(errorCase.source, errorCase.at, errorCase.occurrence)
    }`;
    assertEquals(
      { code: error.code, location: error.location, message: error.message },
      {
        code: errorCase.code,
        location,
        message: `${location}: ${errorCase.problem}. Fix: ${errorCase.fix}`,
      },
    );
    assert(!wroteFiles, "a failed generation must not write any file");
  });
}
