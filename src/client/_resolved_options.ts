import { ClientError, ClientErrorCode } from "./client_error.ts";
import type {
  ClientOptions,
  ClientTimers,
  ReconnectOptions,
  WebSocketConstructor,
} from "./client_options.ts";

/** {@link ClientOptions} with every default applied and every value checked. */
export interface ResolvedClientOptions {
  readonly baseUrl: URL;
  readonly ticket: (() => Promise<string>) | undefined;
  readonly token: (() => Promise<string>) | undefined;
  readonly reconnect: Required<ReconnectOptions>;
  readonly maxQueuedMessages: number;
  readonly rpcTimeoutMs: number;
  readonly openTimeoutMs: number;
  readonly serverSilenceMs: number | undefined;
  readonly validateIncoming: boolean;
  readonly WebSocket: WebSocketConstructor;
  readonly random: () => number;
  readonly timers: ClientTimers;
}

const DEFAULTS = {
  reconnect: {
    initialDelayMs: 500,
    factor: 2,
    maxDelayMs: 30_000,
    maxAttempts: Infinity,
  },
  maxQueuedMessages: 100,
  rpcTimeoutMs: 10_000,
  openTimeoutMs: 15_000,
} as const;

const globalTimers: ClientTimers = {
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimeout: (handle) =>
    clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Applies the defaults and checks every option, throwing a `ClientError`
 * (`invalid_option`) that names the first bad one.
 */
export function resolveClientOptions(
  options: ClientOptions,
): ResolvedClientOptions {
  const reconnect = { ...DEFAULTS.reconnect, ...options.reconnect };
  positive("reconnect.initialDelayMs", reconnect.initialDelayMs);
  positive("reconnect.maxDelayMs", reconnect.maxDelayMs);
  if (!(reconnect.factor >= 1) || !Number.isFinite(reconnect.factor)) {
    throw invalid(
      `reconnect.factor must be a finite number >= 1, got ${reconnect.factor}`,
    );
  }
  if (
    reconnect.maxAttempts !== Infinity &&
    !(Number.isInteger(reconnect.maxAttempts) && reconnect.maxAttempts >= 0)
  ) {
    throw invalid(
      `reconnect.maxAttempts must be an integer >= 0 or Infinity, got ${reconnect.maxAttempts}`,
    );
  }
  const maxQueuedMessages = options.queue?.maxMessages ??
    DEFAULTS.maxQueuedMessages;
  if (!(Number.isInteger(maxQueuedMessages) && maxQueuedMessages >= 0)) {
    throw invalid(
      `queue.maxMessages must be an integer >= 0, got ${maxQueuedMessages}`,
    );
  }
  const rpcTimeoutMs = options.rpcTimeoutMs ?? DEFAULTS.rpcTimeoutMs;
  positive("rpcTimeoutMs", rpcTimeoutMs);
  const openTimeoutMs = options.openTimeoutMs ?? DEFAULTS.openTimeoutMs;
  positive("openTimeoutMs", openTimeoutMs);
  if (options.serverSilenceMs !== undefined) {
    positive("serverSilenceMs", options.serverSilenceMs);
  }
  const WebSocket = options.WebSocket ?? globalThis.WebSocket;
  if (typeof WebSocket !== "function") {
    throw invalid(
      "WebSocket: this runtime has no global WebSocket; pass options.WebSocket (e.g. the default export of npm:ws) or use Node 22+",
    );
  }
  return {
    baseUrl: parseBaseUrl(options.url),
    ticket: optionalFunction("ticket", options.ticket),
    token: optionalFunction("token", options.token),
    reconnect,
    maxQueuedMessages,
    rpcTimeoutMs,
    openTimeoutMs,
    serverSilenceMs: options.serverSilenceMs,
    validateIncoming: options.validateIncoming ?? true,
    WebSocket,
    random: optionalFunction("random", options.random) ?? Math.random,
    timers: options.timers ?? globalTimers,
  };
}

/**
 * The URL of one connection attempt: the base URL with the protocol's path
 * appended (unless the base already ends with it, as a user coming from
 * other libraries writes it), and the ticket (if any) as `?ticket=`.
 */
export function attemptUrl(
  baseUrl: URL,
  path: string,
  ticket: string | undefined,
): URL {
  const url = new URL(baseUrl.href);
  const base = url.pathname.replace(/\/+$/, "");
  url.pathname = base.endsWith(path) ? base : base + path;
  if (ticket !== undefined) url.searchParams.set("ticket", ticket);
  return url;
}

const SCHEMES: Record<string, string> = {
  "ws:": "ws:",
  "wss:": "wss:",
  "http:": "ws:",
  "https:": "wss:",
};

function parseBaseUrl(value: string | URL): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid(
      `url must be an absolute URL such as ws://127.0.0.1:8000, got ${
        String(value)
      }`,
    );
  }
  const scheme = SCHEMES[url.protocol];
  if (scheme === undefined) {
    throw invalid(
      `url must use ws:, wss:, http: or https:, got ${url.protocol}`,
    );
  }
  // Browsers hand out http(s) origins (location.origin); the socket needs ws(s).
  return new URL(scheme + url.href.slice(url.protocol.length));
}

// Timers overflow past 2^31 - 1 ms and fire at once, so larger values are refused.
const MAX_TIMER_MS = 2_147_483_647;

function positive(name: string, value: number): void {
  if (!(typeof value === "number" && value > 0 && value <= MAX_TIMER_MS)) {
    throw invalid(
      `${name} must be a number of milliseconds in (0, ${MAX_TIMER_MS}], got ${value}`,
    );
  }
}

function optionalFunction<T>(
  name: string,
  value: T | undefined,
): T | undefined {
  if (value !== undefined && typeof value !== "function") {
    throw invalid(`${name} must be a function, got ${typeof value}`);
  }
  return value;
}

function invalid(message: string): ClientError {
  return new ClientError(ClientErrorCode.InvalidOption, message);
}
