/**
 * Ties a Deno bench server's life to the harness: it exits normally on
 * SIGTERM (so that a `--cpu-prof` profile gets written) and when its stdin
 * ends, which happens when the harness goes away, so an interrupted bench
 * leaves no server behind.
 *
 * @example
 * ```ts
 * exitWithHarness();
 * Deno.serve({ hostname: "127.0.0.1", port: 0 }, handler);
 * ```
 */
export function exitWithHarness(): void {
  Deno.addSignalListener("SIGTERM", () => Deno.exit(0));
  (async () => {
    for await (const _ of Deno.stdin.readable) {
      // The harness sends nothing; only the end matters.
    }
    Deno.exit(0);
  })();
}
