import {
  checkBoolean,
  checkFunction,
  checkKnownKeys,
  checkMethods,
  checkNumber,
  checkObject,
  checkOptionalFunction,
  describeValue,
  optionKeys,
  optionTypeError,
} from "../_option_checks.ts";
import type {
  ClientOptions,
  ClientTimers,
  QueueOptions,
  ReconnectOptions,
  RequestOptions,
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
  } satisfies Required<ReconnectOptions>,
  maxQueuedMessages: 100,
  rpcTimeoutMs: 10_000,
  openTimeoutMs: 15_000,
} as const;

const CLIENT_OPTION_KEYS = optionKeys<ClientOptions>({
  url: true,
  ticket: true,
  token: true,
  reconnect: true,
  queue: true,
  rpcTimeoutMs: true,
  openTimeoutMs: true,
  serverSilenceMs: true,
  validateIncoming: true,
  WebSocket: true,
  random: true,
  timers: true,
});
const RECONNECT_OPTION_KEYS = Object.keys(DEFAULTS.reconnect);
const QUEUE_OPTION_KEYS = optionKeys<QueueOptions>({ maxMessages: true });
const REQUEST_OPTION_KEYS = optionKeys<RequestOptions>({
  timeoutMs: true,
  signal: true,
});

const globalTimers: ClientTimers = {
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimeout: (handle) =>
    clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Applies the defaults and checks every option, throwing a `TypeError` (or
 * a `RangeError` for a number out of range) whose message starts with
 * `owner` (the generated class, e.g. `ChatClient`) and names the first bad
 * option.
 */
export function resolveClientOptions(
  options: ClientOptions,
  owner: string,
): ResolvedClientOptions {
  checkObject(owner, "options", options, "an object with at least { url }");
  checkKnownKeys(owner, "", options, CLIENT_OPTION_KEYS);
  if (options.reconnect !== undefined) {
    checkObject(owner, "reconnect", options.reconnect);
    checkKnownKeys(
      owner,
      "reconnect",
      options.reconnect,
      RECONNECT_OPTION_KEYS,
    );
  }
  const reconnect = { ...DEFAULTS.reconnect, ...options.reconnect };
  checkTimer(owner, "reconnect.initialDelayMs", reconnect.initialDelayMs);
  checkTimer(owner, "reconnect.maxDelayMs", reconnect.maxDelayMs);
  checkNumber(owner, "reconnect.factor", reconnect.factor, { min: 1 });
  checkNumber(owner, "reconnect.maxAttempts", reconnect.maxAttempts, {
    integer: true,
    min: 0,
    allowInfinity: true,
  });
  if (options.queue !== undefined) {
    checkObject(owner, "queue", options.queue);
    checkKnownKeys(owner, "queue", options.queue, QUEUE_OPTION_KEYS);
  }
  const maxQueuedMessages = checkNumber(
    owner,
    "queue.maxMessages",
    options.queue?.maxMessages ?? DEFAULTS.maxQueuedMessages,
    { integer: true, min: 0 },
  );
  const rpcTimeoutMs = checkTimer(
    owner,
    "rpcTimeoutMs",
    options.rpcTimeoutMs ?? DEFAULTS.rpcTimeoutMs,
  );
  const openTimeoutMs = checkTimer(
    owner,
    "openTimeoutMs",
    options.openTimeoutMs ?? DEFAULTS.openTimeoutMs,
  );
  if (options.serverSilenceMs !== undefined) {
    checkTimer(owner, "serverSilenceMs", options.serverSilenceMs);
  }
  if (options.WebSocket === undefined && globalThis.WebSocket === undefined) {
    throw optionTypeError(
      owner,
      "this runtime has no global WebSocket; pass options.WebSocket (e.g. the default export of npm:ws) or use Node 22+",
    );
  }
  const WebSocket = checkFunction(
    owner,
    "WebSocket",
    options.WebSocket ?? globalThis.WebSocket,
    "a WebSocket class such as the default export of npm:ws",
  );
  const timers = checkMethods(
    owner,
    "timers",
    options.timers ?? globalTimers,
    ["setTimeout", "clearTimeout"],
    "an object with setTimeout and clearTimeout",
  );
  return {
    baseUrl: parseBaseUrl(owner, options.url),
    ticket: checkOptionalFunction(owner, "ticket", options.ticket),
    token: checkOptionalFunction(owner, "token", options.token),
    reconnect,
    maxQueuedMessages,
    rpcTimeoutMs,
    openTimeoutMs,
    serverSilenceMs: options.serverSilenceMs,
    validateIncoming: checkBoolean(
      owner,
      "validateIncoming",
      options.validateIncoming ?? true,
    ),
    WebSocket,
    random: checkOptionalFunction(owner, "random", options.random) ??
      Math.random,
    timers,
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

function parseBaseUrl(owner: string, value: string | URL): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw optionTypeError(
      owner,
      `url must be an absolute URL such as ws://127.0.0.1:8000, got ${
        describeValue(value)
      }`,
    );
  }
  const scheme = SCHEMES[url.protocol];
  if (scheme === undefined) {
    throw optionTypeError(
      owner,
      `url must use ws:, wss:, http: or https:, got ${
        describeValue(url.protocol)
      }`,
    );
  }
  // Browsers hand out http(s) origins (location.origin); the socket needs ws(s).
  return new URL(scheme + url.href.slice(url.protocol.length));
}

/**
 * Checks the options of one RPC call, as the client's own options are
 * checked: `owner` names the call (e.g. `ChatClient.history`); an unknown
 * key, a timeout a timer cannot hold or a signal that is not an
 * `AbortSignal` throws a `TypeError` or `RangeError` naming it.
 */
export function checkRequestOptions(
  owner: string,
  options: RequestOptions | undefined,
): void {
  if (options === undefined) return;
  checkObject(owner, "options", options);
  checkKnownKeys(owner, "options", options, REQUEST_OPTION_KEYS);
  if (options.timeoutMs !== undefined) {
    checkTimer(owner, "options.timeoutMs", options.timeoutMs);
  }
  const signal: unknown = options.signal;
  // Duck-typed: a signal from another realm (an iframe) is not `instanceof` this one's.
  if (
    signal !== undefined &&
    (typeof signal !== "object" || signal === null ||
      typeof (signal as AbortSignal).aborted !== "boolean" ||
      typeof (signal as AbortSignal).addEventListener !== "function")
  ) {
    throw optionTypeError(
      owner,
      `options.signal must be an AbortSignal, got ${describeValue(signal)}`,
    );
  }
}

// Timers overflow past 2^31 - 1 ms and fire at once, so larger values are refused.
const MAX_TIMER_MS = 2_147_483_647;

function checkTimer(owner: string, name: string, value: unknown): number {
  return checkNumber(owner, name, value, { positive: true, max: MAX_TIMER_MS });
}
