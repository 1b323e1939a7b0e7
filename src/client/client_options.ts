/**
 * A WebSocket constructor implementing the WHATWG API (`onopen`, `onmessage`,
 * `onclose`, `send`, `close`, `readyState`): the global one in browsers, Deno
 * and Node 22+, or `ws`'s default export on older Nodes.
 */
export type WebSocketConstructor = new (
  url: string,
  protocols?: string | string[],
) => unknown;

/**
 * Timer functions, injectable so tests can drive backoff and timeouts with a
 * manual clock. Handles are opaque.
 *
 * @example Usage
 * ```ts
 * import type { ClientTimers } from "@wiretype/wiretype/client";
 *
 * const timers: ClientTimers = {
 *   setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
 *   clearTimeout: (handle) => clearTimeout(handle as number),
 * };
 * ```
 */
export interface ClientTimers {
  /** Runs `callback` once after `delayMs`; returns a handle for `clearTimeout`. */
  setTimeout(callback: () => void, delayMs: number): unknown;
  /** Cancels a timer; ignores handles that already fired. */
  clearTimeout(handle: unknown): void;
}

/**
 * How a client retries after a connection drops: exponential backoff with
 * full jitter. Attempt `n` waits a random time in
 * `[0, min(maxDelayMs, initialDelayMs * factor^(n-1)))`, so clients that lost
 * the same server do not all return at once.
 */
export interface ReconnectOptions {
  /** Upper bound of the first retry's delay. Default 500. */
  readonly initialDelayMs?: number;
  /** Growth of the bound per attempt, at least 1. Default 2. */
  readonly factor?: number;
  /** The bound stops growing here. Default 30 000. */
  readonly maxDelayMs?: number;
  /** Consecutive failed attempts before giving up (state `closed`). Default Infinity. */
  readonly maxAttempts?: number;
}

/** What happens to messages sent while the client is not connected. */
export interface QueueOptions {
  /** How many messages and RPCs wait for the connection; one more throws `queue_full`. Default 100. */
  readonly maxMessages?: number;
}

/**
 * Options of a generated client (`new ChatClient(options)`). Only `url` is
 * required.
 *
 * @example Usage
 * ```ts
 * import type { ClientOptions } from "@wiretype/wiretype/client";
 *
 * // new ChatClient(options), ChatClient from the generated chat_client.ts
 * const options: ClientOptions = {
 *   url: "wss://chat.example.com",
 *   ticket: async () => (await (await fetch("/auth/ticket", { method: "POST" })).json()).ticket,
 *   reconnect: { initialDelayMs: 250, maxDelayMs: 10_000 },
 * };
 * ```
 */
export interface ClientOptions {
  /**
   * Server origin or base URL (`ws:`, `wss:`, `http:` or `https:`); the
   * protocol's path is appended unless the URL already ends with it, so
   * `wss://chat.example.com` and `wss://chat.example.com/chat` both reach
   * `/chat`.
   */
  readonly url: string | URL;
  /** Fetches a one-time ticket before every attempt; sent as `?ticket=`. */
  readonly ticket?: () => Promise<string>;
  /** Fetches a JWT, sent as the first message; called again to refresh it before it expires. */
  readonly token?: () => Promise<string>;
  /** Backoff between reconnect attempts. */
  readonly reconnect?: ReconnectOptions;
  /** Bound of the queue of messages sent while disconnected. */
  readonly queue?: QueueOptions;
  /** How long an RPC waits for its answer, queueing included. Default 10 000. */
  readonly rpcTimeoutMs?: number;
  /** How long from starting an attempt until the server's `welcome`. Default 15 000. */
  readonly openTimeoutMs?: number;
  /** Silence (no frame at all) after which the server counts as dead. Default: twice the welcome's `pingIntervalMs`, plus 1 000. */
  readonly serverSilenceMs?: number;
  /** Validate events and RPC answers with the generated validators. Default true. */
  readonly validateIncoming?: boolean;
  /** The WebSocket implementation. Default `globalThis.WebSocket`. */
  readonly WebSocket?: WebSocketConstructor;
  /** Random numbers in [0, 1) for jitter. Default `Math.random`. */
  readonly random?: () => number;
  /** Timer functions. Default the global `setTimeout`/`clearTimeout`. */
  readonly timers?: ClientTimers;
}

/**
 * Options of one RPC call.
 *
 * @example Usage
 * ```ts
 * import type { EventMap, RequestOptions, WiretypeClient } from "@wiretype/wiretype/client";
 *
 * // A generated client with a `history` RPC, e.g. new ChatClient(options)
 * declare const chat: WiretypeClient<EventMap> & {
 *   history(data: { room: string }, options?: RequestOptions): Promise<{ messages: string[] }>;
 * };
 * const controller = new AbortController();
 * await chat.history({ room: "general" }, { timeoutMs: 2_000, signal: controller.signal });
 * ```
 */
export interface RequestOptions {
  /** Overrides the client's `rpcTimeoutMs` for this call. */
  readonly timeoutMs?: number;
  /** Aborting rejects the call with `aborted` (the server may still run it). */
  readonly signal?: AbortSignal;
}
