import {
  checkBoolean,
  checkKnownKeys,
  checkObject,
  optionKeys,
  optionTypeError,
} from "../_option_checks.ts";

/** Settings of {@link closeOnSignals}. */
export interface CloseOnSignalsOptions {
  /** The signals that start a graceful shutdown. Default SIGINT and SIGTERM (SIGINT only on Windows). */
  readonly signals?: readonly Deno.Signal[];
  /** Runs after `server.close()` finished, e.g. to flush logs or close a database. */
  readonly onClosed?: () => void | Promise<void>;
  /**
   * Ends the process once the server closed and `onClosed` ran: exit code 0,
   * or 1 if either failed. Default true: a signal listener replaces the
   * runtime's default of ending the process, and neither `deno serve` nor a
   * bare `Deno.serve(server.fetch)` would stop serving HTTP by itself. Set
   * false only if `onClosed` stops everything that keeps the process alive.
   */
  readonly exit?: boolean;
}

const OPTION_KEYS = optionKeys<CloseOnSignalsOptions>({
  signals: true,
  onClosed: true,
  exit: true,
});

/**
 * Closes `server` gracefully on SIGINT and SIGTERM, then ends the process.
 * Deno Deploy evicts an isolate with SIGINT and kills it 5 s later, and
 * process managers send SIGTERM, so both get the same treatment: clients
 * are told to reconnect (their clients spread the reconnects with jitter),
 * handlers get up to the server's `shutdownTimeoutMs` to finish, and the
 * process exits with code 0. A second signal during the shutdown exits at
 * once with code 1, as an impatient operator expects. Works the same under
 * `deno run` with `Deno.serve(server.fetch)` and under `deno serve` with the
 * server as the default export. Returns a function that removes the
 * listeners.
 *
 * @example Usage
 * ```ts
 * import { closeOnSignals, createServer, type Route } from "@wiretype/wiretype";
 *
 * declare const chat: Route; // chatRoute(handlers), from the generated chat_server.ts
 * const server = createServer({ routes: [chat] });
 * Deno.serve(server.fetch);
 * closeOnSignals(server); // SIGINT/SIGTERM: 1001 "reconnect" to everyone, then exit 0
 * ```
 */
export function closeOnSignals(
  server: { readonly close: () => Promise<void> },
  options: CloseOnSignalsOptions = {},
): () => void {
  checkObject("closeOnSignals", "options", options);
  checkKnownKeys("closeOnSignals", "", options, OPTION_KEYS);
  const signals = options.signals ??
    (Deno.build.os === "windows" ? ["SIGINT"] : ["SIGINT", "SIGTERM"]);
  if (!Array.isArray(signals) || signals.length === 0) {
    throw optionTypeError(
      "closeOnSignals",
      'signals must be a non-empty list such as ["SIGINT", "SIGTERM"]',
    );
  }
  const exit = checkBoolean("closeOnSignals", "exit", options.exit ?? true);
  let shuttingDown = false;
  const onSignal = () => {
    if (shuttingDown) {
      console.error("wiretype: second signal during shutdown, exiting now");
      Deno.exit(1);
    }
    shuttingDown = true;
    server.close().then(options.onClosed).then(
      () => exit && Deno.exit(0),
      (error) => {
        console.error("wiretype: graceful shutdown failed", error);
        if (exit) Deno.exit(1);
      },
    );
  };
  for (const signal of signals) Deno.addSignalListener(signal, onSignal);
  return () => {
    for (const signal of signals) Deno.removeSignalListener(signal, onSignal);
  };
}
