/**
 * A chat user in another process (Python's websockets, the generated Deno
 * client), driven through JSON lines: commands on its stdin, events on its
 * stdout. See tests/topology/_fixtures/ for the two programs.
 *
 * @module
 */
import { readLines } from "./spawned_server.ts";

/** An event a peer printed, e.g. `{ event: "message", user, text }`. */
export type PeerEvent = Record<string, unknown> & { readonly event: string };

/** A running peer, see {@link startPeer}; `await using` stops it at the end of the scope. */
export interface LinePeer extends AsyncDisposable {
  /** Who it signed in as. */
  readonly name: string;
  /** Everything it printed as events, in order. */
  readonly events: PeerEvent[];
  /** Sends one command, e.g. `{ say: "hello" }`. */
  send(command: Record<string, unknown>): Promise<void>;
  /**
   * The first event from `from` on (an index into `events`) that `match`
   * accepts, as soon as it is printed; fails after `timeoutMs` with
   * everything the peer printed.
   */
  waitFor(
    match: (event: PeerEvent) => boolean,
    from?: number,
    timeoutMs?: number,
  ): Promise<PeerEvent>;
  /** Closes its stdin (it closes its connection and exits), then waits; kills it after 5 s. */
  stop(): Promise<void>;
}

/**
 * Starts `command` with `args` and collects its JSON lines.
 *
 * @example
 * ```ts
 * const ann = startPeer("ann", "/usr/bin/python3", ["peer.py", url, ca, version, "ann", "lobby"]);
 * await ann.waitFor((event) => event.event === "open");
 * await ann.stop();
 * ```
 */
export function startPeer(
  name: string,
  command: string,
  args: readonly string[],
  env: Record<string, string> = {},
): LinePeer {
  const child = new Deno.Command(command, {
    args: [...args],
    env: { ...env, NO_COLOR: "1" },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const events: PeerEvent[] = [];
  const printed: string[] = [];
  const wakers = new Set<() => void>();
  const onLine = (line: string) => {
    printed.push(line);
    try {
      const parsed = JSON.parse(line);
      if (typeof parsed?.event === "string") events.push(parsed);
    } catch {
      // Not an event: kept in `printed` for failure messages.
    }
    for (const wake of wakers) wake();
  };
  let exited = false;
  const drained = Promise.all([
    readLines(child.stdout, onLine),
    readLines(child.stderr, onLine),
  ]);
  const status = child.status.then((status) => {
    exited = true;
    for (const wake of wakers) wake();
    return status;
  });
  const writer = child.stdin.getWriter();
  const encoder = new TextEncoder();
  let stopped: Promise<void> | undefined;
  const stop = () =>
    stopped ??= (async () => {
      await writer.close().catch(() => {});
      let timer: ReturnType<typeof setTimeout> | undefined;
      const inTime = await Promise.race([
        status.then(() => true),
        new Promise<boolean>((resolve) =>
          timer = setTimeout(() => resolve(false), 5_000)
        ),
      ]);
      clearTimeout(timer);
      if (!inTime) child.kill("SIGKILL");
      await status;
      await drained;
    })();
  return {
    name,
    events,
    async send(command) {
      await writer.write(encoder.encode(JSON.stringify(command) + "\n"));
    },
    async waitFor(match, from = 0, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (true) {
        const found = events.slice(from).find(match);
        if (found !== undefined) return found;
        const remainingMs = deadline - Date.now();
        if (remainingMs <= 0 || exited) {
          throw new Error(
            `${name}: no matching event ${
              exited ? "before it exited" : `within ${timeoutMs} ms`
            }; it printed:\n${printed.join("\n")}`,
          );
        }
        let wake = () => {};
        let timer: ReturnType<typeof setTimeout> | undefined;
        await new Promise<void>((resolve) => {
          wake = resolve;
          wakers.add(wake);
          timer = setTimeout(resolve, remainingMs);
        });
        wakers.delete(wake);
        clearTimeout(timer);
      }
    },
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
