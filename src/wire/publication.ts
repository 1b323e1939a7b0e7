import type { Envelope } from "./envelope.ts";

/**
 * Where a publication stands in its stream, as its envelope carries it.
 *
 * @example Usage
 * ```ts
 * import type { PublicationPosition } from "@wiretype/wiretype/codegen-runtime";
 * const position: PublicationPosition = { stream: "room:general", offset: 18, epoch: "k3f9a2" };
 * ```
 */
export interface PublicationPosition {
  /** `room:<room>` or `user:<userId>`. */
  readonly stream: string;
  /** 1 for the stream's first publication, then one more per publication. */
  readonly offset: number;
  /** Changes whenever the stream's history was lost. */
  readonly epoch: string;
}

/**
 * Adds a position to a serialised envelope (`{"type":…,"data":…}`) by
 * splicing it before the closing brace, so the envelope kept in history is
 * not parsed again to send it.
 *
 * @example Usage
 * ```ts
 * import { withPosition } from "@wiretype/wiretype/codegen-runtime";
 * withPosition('{"type":"message","data":{}}', { stream: "room:a", offset: 1, epoch: "e" });
 * // '{"type":"message","data":{},"stream":"room:a","offset":1,"epoch":"e"}'
 * ```
 */
export function withPosition(
  envelope: string,
  { stream, offset, epoch }: PublicationPosition,
): string {
  return `${envelope.slice(0, -1)},"stream":${
    JSON.stringify(stream)
  },"offset":${offset},"epoch":${JSON.stringify(epoch)}}`;
}

/**
 * The position a decoded frame carries, if it is a publication of a stream
 * (all three fields present and well-formed); undefined otherwise.
 *
 * @example Usage
 * ```ts
 * import { decodeEnvelope, positionOf } from "@wiretype/wiretype/codegen-runtime";
 * const envelope = decodeEnvelope('{"type":"m","data":1,"stream":"room:a","offset":3,"epoch":"e"}', 32);
 * positionOf(envelope)?.offset; // 3
 * ```
 */
export function positionOf(
  envelope: Envelope,
): PublicationPosition | undefined {
  const { stream, offset, epoch } = envelope as Envelope & {
    readonly stream?: unknown;
    readonly offset?: unknown;
    readonly epoch?: unknown;
  };
  if (
    typeof stream !== "string" || stream.length === 0 ||
    typeof epoch !== "string" || epoch.length === 0 ||
    typeof offset !== "number" || !Number.isSafeInteger(offset) || offset < 1
  ) {
    return undefined;
  }
  return { stream, offset, epoch };
}
