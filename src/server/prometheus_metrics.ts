import type { ServerStats } from "./server_stats.ts";

/**
 * Renders `server.stats()` in the Prometheus text exposition format, for a
 * `/metrics` endpoint. Counters end in `_total`; labelled tallies (rejects
 * by reason, closes by code) become one series per label value.
 *
 * @example Usage
 * ```ts
 * import { createServer, formatPrometheusMetrics, type Route } from "@wiretype/wiretype/server";
 *
 * declare const chat: Route; // chatRoute(handlers), from the generated chat_server.ts
 * const server = createServer({
 *   routes: [chat],
 *   fallback: (request) =>
 *     new URL(request.url).pathname === "/metrics"
 *       ? new Response(formatPrometheusMetrics(server.stats()), {
 *         headers: { "content-type": "text/plain; version=0.0.4" },
 *       })
 *       : new Response("not found", { status: 404 }),
 * });
 * Deno.serve(server.fetch);
 * ```
 */
export function formatPrometheusMetrics(
  stats: ServerStats,
  prefix = "wiretype",
): string {
  const lines: string[] = [];
  const metric = (
    name: string,
    type: "gauge" | "counter",
    help: string,
    series: ReadonlyArray<readonly [labels: string, value: number]>,
  ) => {
    lines.push(
      `# HELP ${prefix}_${name} ${help}`,
      `# TYPE ${prefix}_${name} ${type}`,
    );
    for (const [labels, value] of series) {
      lines.push(`${prefix}_${name}${labels} ${value}`);
    }
  };
  const labelled = (label: string, tally: Readonly<Record<string, number>>) =>
    Object.keys(tally).sort().map((key) =>
      [`{${label}="${escapeLabel(key)}"}`, tally[key]] as const
    );
  metric("open_connections", "gauge", "Open WebSocket connections.", [[
    "",
    stats.openConnections,
  ]]);
  metric(
    "route_open_connections",
    "gauge",
    "Open connections per route.",
    labelled("route", stats.openConnectionsByRoute),
  );
  metric(
    "connections_accepted_total",
    "counter",
    "Connections upgraded since start.",
    [["", stats.connectionsAccepted]],
  );
  metric("messages_in_total", "counter", "Frames received.", [[
    "",
    stats.messagesIn,
  ]]);
  metric("bytes_in_total", "counter", "Bytes received in frames.", [[
    "",
    stats.bytesIn,
  ]]);
  metric("messages_out_total", "counter", "Frames sent.", [[
    "",
    stats.messagesOut,
  ]]);
  metric("bytes_out_total", "counter", "Bytes sent in frames.", [[
    "",
    stats.bytesOut,
  ]]);
  metric(
    "messages_dropped_total",
    "counter",
    "Messages skipped for slow consumers.",
    [["", stats.messagesDropped]],
  );
  metric("handler_errors_total", "counter", "Handlers and hooks that threw.", [[
    "",
    stats.handlerErrors,
  ]]);
  metric(
    "rejected_connections_total",
    "counter",
    "Refused upgrades by reason.",
    labelled("reason", stats.rejectedConnections),
  );
  metric(
    "rejected_messages_total",
    "counter",
    "Messages answered with an error, by code.",
    labelled("code", stats.rejectedMessages),
  );
  metric(
    "auth_failures_total",
    "counter",
    "Refused tokens and tickets by reason.",
    labelled("reason", stats.authFailures),
  );
  metric(
    "closes_total",
    "counter",
    "Closed connections by close code.",
    labelled("code", stats.closesByCode),
  );
  return lines.join("\n") + "\n";
}

function escapeLabel(value: string): string {
  return value.replaceAll("\\", "\\\\").replaceAll('"', '\\"').replaceAll(
    "\n",
    "\\n",
  );
}
