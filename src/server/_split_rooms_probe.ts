/**
 * Notices a server whose rooms are split without anyone being told: it
 * keeps the default in-process fan-out while other isolates serve the same
 * routes (the workers of `deno serve --parallel`, the isolates of a Deno
 * Deploy deployment), so a broadcast reaches only the members connected to
 * the isolate that sent it. Every such server says hello on one
 * `BroadcastChannel`, which reaches exactly those isolates, and answers a
 * hello from another isolate once, so each side hears of the other
 * whichever started first. It listens for the first seconds only: workers
 * start together, and an open channel would keep a process that is asked
 * to stop (SIGINT under `deno serve`) from exiting.
 *
 * @module
 */

const CHANNEL = "wiretype/in-process-fanout";
// One per isolate: servers in the same isolate do not count (tests run
// several; a route is served by one server at a time anyway).
const ISOLATE = crypto.randomUUID();
const LISTEN_MS = 5_000;

interface Hello {
  readonly isolate: string;
  readonly paths: readonly string[];
  readonly answer: boolean;
}

/** A running probe; `close` stops listening. */
export interface SplitRoomsProbe {
  close(): void;
}

/**
 * Says hello for `paths` and calls `onSplit` once with the paths another
 * isolate serves too, when one does within 5 s.
 *
 * @example
 * ```ts
 * const probe = probeSplitRooms(["/chat"], (paths) => console.warn(paths));
 * probe.close();
 * ```
 */
export function probeSplitRooms(
  paths: readonly string[],
  onSplit: (paths: readonly string[]) => void,
): SplitRoomsProbe {
  const channel = new BroadcastChannel(CHANNEL);
  let told = false;
  const say = (answer: boolean) =>
    channel.postMessage({ isolate: ISOLATE, paths, answer } satisfies Hello);
  channel.onmessage = (event: MessageEvent<Hello>) => {
    const hello = event.data;
    if (
      typeof hello !== "object" || hello === null ||
      hello.isolate === ISOLATE || !Array.isArray(hello.paths)
    ) return;
    const shared = paths.filter((path) => hello.paths.includes(path));
    if (shared.length === 0) return;
    if (!hello.answer) say(true);
    if (told) return;
    told = true;
    onSplit(shared);
  };
  say(false);
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    clearTimeout(timer);
    channel.close();
  };
  const timer = setTimeout(close, LISTEN_MS);
  Deno.unrefTimer(timer);
  return { close };
}
