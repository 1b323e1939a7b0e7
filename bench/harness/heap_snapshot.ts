/**
 * Heap snapshots of a running server through its inspector (Chrome
 * DevTools protocol, which both Deno and Node speak), and the difference
 * of two summarised by object kind: where a server's per-connection memory
 * goes.
 *
 * @module
 */
import { openInspector } from "./inspector.ts";

/** Bytes and object count of one kind of heap object. */
export interface HeapKind {
  readonly kind: string;
  readonly bytes: number;
  readonly count: number;
}

/**
 * Connects to the inspector at `webSocketUrl`, collects garbage and takes a
 * heap snapshot; returns its size per object kind.
 *
 * @example
 * ```ts
 * const before = await takeHeapSnapshot("ws://127.0.0.1:9229/ws/1234");
 * ```
 */
export async function takeHeapSnapshot(
  webSocketUrl: string,
): Promise<Map<string, HeapKind>> {
  const chunks: string[] = [];
  const inspector = await openInspector(webSocketUrl, (method, params) => {
    if (method === "HeapProfiler.addHeapSnapshotChunk") {
      chunks.push(params.chunk as string);
    }
  });
  try {
    await inspector.call("HeapProfiler.enable");
    await inspector.call("HeapProfiler.collectGarbage");
    await inspector.call("HeapProfiler.takeHeapSnapshot", {
      reportProgress: false,
    });
  } finally {
    await inspector.close();
  }
  return summarise(JSON.parse(chunks.join("")));
}

interface RawSnapshot {
  readonly snapshot: {
    readonly meta: {
      readonly node_fields: string[];
      readonly node_types: [string[]];
    };
  };
  readonly nodes: number[];
  readonly strings: string[];
}

const STRING_TYPES = new Set([
  "string",
  "concatenated string",
  "sliced string",
]);

function summarise(raw: RawSnapshot): Map<string, HeapKind> {
  const fields = raw.snapshot.meta.node_fields;
  const types = raw.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = ["type", "name", "self_size"].map((field) =>
    fields.indexOf(field)
  );
  const kinds = new Map<string, HeapKind>();
  for (let at = 0; at < raw.nodes.length; at += fields.length) {
    const type = types[raw.nodes[at + typeAt]];
    // Strings are named by their content: one kind for all of them.
    const name = STRING_TYPES.has(type)
      ? "(strings)"
      : raw.strings[raw.nodes[at + nameAt]].slice(0, 50);
    const kind = `${type}: ${name}`;
    const previous = kinds.get(kind);
    kinds.set(kind, {
      kind,
      bytes: (previous?.bytes ?? 0) + raw.nodes[at + sizeAt],
      count: (previous?.count ?? 0) + 1,
    });
  }
  return kinds;
}

/**
 * What grew between two snapshots, per connection, largest first.
 *
 * @example
 * ```ts
 * for (const kind of heapGrowth(before, after, 2_000).slice(0, 10)) console.log(kind);
 * ```
 */
export function heapGrowth(
  before: Map<string, HeapKind>,
  after: Map<string, HeapKind>,
  connections: number,
): HeapKind[] {
  return [...after.values()]
    .map(({ kind, bytes, count }) => ({
      kind,
      bytes: (bytes - (before.get(kind)?.bytes ?? 0)) / connections,
      count: (count - (before.get(kind)?.count ?? 0)) / connections,
    }))
    .sort((a, b) => b.bytes - a.bytes);
}
