import { invalidOption } from "./_check_option.ts";

/** Settings of {@link closeOnSignals}. */
export interface CloseOnSignalsOptions {
  /** The signals that start a graceful shutdown. Default SIGINT and SIGTERM (SIGINT only on Windows). */
  readonly signals?: readonly Deno.Signal[];
  /** Runs after `server.close()` finished, e.g. to shut the HTTP listener down. */
  readonly onClosed?: () => void | Promise<void>;
}

/**
 * Closes `server` gracefully on SIGINT and SIGTERM. Deno Deploy evicts an
 * isolate with SIGINT and kills it 5 s later, and process managers send
 * SIGTERM, so both get the same treatment: clients are told to reconnect
 * (their clients spread the reconnects with jitter) before the process goes.
 * Returns a function that removes the listeners.
 *
 * @example
 * ```ts
 * const server = createServer({ routes: [chat] });
 * const http = Deno.serve(server.fetch);
 * closeOnSignals(server, { onClosed: () => http.shutdown() });
 * ```
 */
export function closeOnSignals(
  server: { readonly close: () => Promise<void> },
  options: CloseOnSignalsOptions = {},
): () => void {
  const signals = options.signals ??
    (Deno.build.os === "windows" ? ["SIGINT"] : ["SIGINT", "SIGTERM"]);
  if (!Array.isArray(signals) || signals.length === 0) {
    throw invalidOption("closeOnSignals: signals must be a non-empty list");
  }
  const onSignal = () => {
    server.close().then(options.onClosed).catch((error) => {
      console.error("wiretype: graceful shutdown failed", error);
    });
  };
  for (const signal of signals) Deno.addSignalListener(signal, onSignal);
  return () => {
    for (const signal of signals) Deno.removeSignalListener(signal, onSignal);
  };
}
