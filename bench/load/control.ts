/**
 * The line protocol between the harness and its client processes: JSON
 * objects, one per line, commands on the child's stdin and reports on its
 * stdout. The same reader serves both ends.
 *
 * @module
 */

/** A control message: `kind` names it, the rest is its data. */
export interface ControlMessage {
  readonly kind: string;
  readonly [field: string]: unknown;
}

/**
 * Reads JSON lines from a byte stream, one {@link ControlMessage} each;
 * lines that are not JSON objects are yielded as `{kind: "text", line}` so
 * a child's stray output shows up instead of breaking the protocol.
 *
 * @example
 * ```ts
 * for await (const message of controlMessages(Deno.stdin.readable)) {
 *   if (message.kind === "go") break;
 * }
 * ```
 */
export async function* controlMessages(
  stream: ReadableStream<Uint8Array<ArrayBuffer>>,
): AsyncGenerator<ControlMessage> {
  let buffered = "";
  for await (const text of stream.pipeThrough(new TextDecoderStream())) {
    buffered += text;
    let newline;
    while ((newline = buffered.indexOf("\n")) >= 0) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (line.length > 0) yield parseLine(line);
    }
  }
  if (buffered.trim().length > 0) yield parseLine(buffered.trim());
}

function parseLine(line: string): ControlMessage {
  try {
    const value: unknown = JSON.parse(line);
    if (
      typeof value === "object" && value !== null &&
      typeof (value as ControlMessage).kind === "string"
    ) {
      return value as ControlMessage;
    }
  } catch {
    // Not JSON: reported as text below.
  }
  return { kind: "text", line };
}

/** Anything that can be sent as a control message. */
export interface Reportable {
  readonly kind: string;
}

/**
 * Writes one control message as a JSON line to stdout.
 *
 * @example
 * ```ts
 * report({ kind: "ready", connections: 64 });
 * ```
 */
export function report<T extends Reportable>(message: T): void {
  const bytes = new TextEncoder().encode(JSON.stringify(message) + "\n");
  let at = 0;
  while (at < bytes.length) at += Deno.stdout.writeSync(bytes.subarray(at));
}
