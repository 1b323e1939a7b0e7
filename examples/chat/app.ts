/**
 * The demo chat as a `fetch` handler: the entry point for `deno serve`
 * (also with `--parallel`) and Deno Deploy, which both use the default
 * export. `main.ts` runs the same app with `Deno.serve` for `deno task demo`.
 *
 * Environment:
 * - `WIRETYPE_DEMO_SECRET`: HMAC secret (32+ characters) of the demo tokens;
 *   random per process when unset, so set it when several processes or
 *   workers must accept each other's tokens.
 * - `REDIS_URL`: fan out through Redis and keep tickets there (several
 *   machines behind a load balancer: a ticket from one node is redeemed on
 *   another); otherwise fan out through a `BroadcastChannel` (isolates on
 *   Deploy, `--parallel` workers) with tickets in Deno KV.
 * - `WIRETYPE_TRUSTED_PROXIES`: comma-separated addresses or CIDR ranges of
 *   the reverse proxies in front (e.g. `10.0.0.10,fd00::/8`), whose
 *   `X-Forwarded-For` names the client (see docs/DEPLOY.md). Unset on Deno
 *   Deploy, which gives the client's address itself.
 *
 * @module
 */
import {
  BroadcastChannelFanout,
  type Fanout,
  type HistoryStore,
  KvHistoryStore,
  MemoryHistoryStore,
  RedisFanout,
  RedisHistoryStore,
} from "@wiretype/wiretype/fanout";
import {
  createAuthenticator,
  createJwtVerifier,
  KvTicketStore,
  MemoryTicketStore,
  RedisTicketStore,
  type TicketStore,
} from "@wiretype/wiretype/auth";
import {
  closeOnSignals,
  createClientAddressResolver,
  createServer,
  formatPrometheusMetrics,
} from "@wiretype/wiretype/server";
import { chatRoute } from "../../protocol/gen/chat_server.ts";
import { notificationsRoute } from "../../protocol/gen/notifications_server.ts";
import {
  type ChatState,
  createChatRooms,
  type Notify,
} from "./chat_handlers.ts";
import { NotificationCenter } from "./notification_handlers.ts";
import { RoomHistory } from "./room_history.ts";
import { DEMO_ISSUER, handleDemoLogin } from "./demo_login.ts";
import { serveStatic } from "./static_files.ts";

/** The running demo: a fetch handler and a graceful close. */
export interface DemoApp {
  fetch(request: Request, info: Deno.ServeHandlerInfo): Promise<Response>;
  /** Closes every connection with 1001, the fan-out and the ticket store; idempotent. */
  close(): Promise<void>;
}

/** Builds the demo app from the environment. */
export async function createDemoApp(): Promise<DemoApp> {
  const secret = demoSecret();
  const notifications = new NotificationCenter();
  const notify: Notify = ({ kind, actor, room, members, text }) => {
    for (const member of members) {
      if (member !== actor) notifications.notify(member, kind, text, room);
    }
  };
  const rooms = createChatRooms(new RoomHistory(), notify);
  const chat = chatRoute<ChatState>(rooms.handlers, {
    initialState: () => ({ joined: new Set<string>() }),
    onClose: (ctx) => rooms.onClose(ctx),
    onPresenceChange: (change) => rooms.onPresenceChange(change),
    // A client that reconnects (a blip, a redeploy) gets the room messages
    // it missed; typing and presence are not worth replaying.
    history: {
      size: 200,
      ttlMs: 10 * 60_000,
      events: ["message", "joined", "left"],
    },
  });
  const notificationRoute = notificationsRoute(notifications.handlers());
  notifications.bind(notificationRoute);
  const { store: tickets, kv } = await ticketStore();
  const fanout = demoFanout();
  const history = historyStore(kv);
  const auth = createAuthenticator({
    verifier: createJwtVerifier({
      algorithms: ["HS256"],
      key: secret,
      issuer: DEMO_ISSUER,
      audience: DEMO_ISSUER,
    }),
    tickets: { store: tickets },
  });
  let closing: Promise<void> | undefined;
  const server = createServer({
    routes: [chat, notificationRoute],
    auth,
    fanout,
    history,
    trustedProxies: trustedProxies(),
    fallback: async (request) => {
      const path = new URL(request.url).pathname;
      if (path === "/login") return handleDemoLogin(request, secret);
      if (path === "/healthz") {
        // 503 once shutting down, so a load balancer's health check stops
        // sending new clients here while this node drains.
        return Response.json({
          ok: closing === undefined,
          openConnections: server.stats().openConnections,
        }, { status: closing === undefined ? 200 : 503 });
      }
      if (path === "/metrics") {
        return new Response(formatPrometheusMetrics(server.stats()), {
          headers: {
            "content-type": "text/plain; version=0.0.4; charset=utf-8",
          },
        });
      }
      return await serveStatic(request) ??
        new Response("not found", { status: 404 });
    },
  });
  return {
    fetch: server.fetch,
    close() {
      closing ??= (async () => {
        await server.close(); // also closes the fan-out it was given
        await tickets.close();
        kv?.close();
      })();
      return closing;
    },
  };
}

function demoSecret(): Uint8Array {
  const configured = Deno.env.get("WIRETYPE_DEMO_SECRET");
  if (configured !== undefined) {
    if (configured.length < 32) {
      throw new Error("WIRETYPE_DEMO_SECRET must be at least 32 characters");
    }
    return new TextEncoder().encode(configured);
  }
  return crypto.getRandomValues(new Uint8Array(32));
}

/**
 * Redis with `REDIS_URL` (every machine sees every ticket); else Deno KV when
 * available (Deploy, or --unstable-kv), shared by every isolate; else memory.
 */
async function ticketStore(): Promise<{ store: TicketStore; kv?: Deno.Kv }> {
  const redisUrl = Deno.env.get("REDIS_URL");
  if (redisUrl) {
    return {
      store: new RedisTicketStore({
        url: redisUrl,
        keyPrefix: "wiretype-demo:ticket:",
      }),
    };
  }
  if (typeof Deno.openKv !== "function") {
    return { store: new MemoryTicketStore() };
  }
  const kv = await Deno.openKv();
  return { store: new KvTicketStore(kv), kv };
}

/**
 * Where the chat's history lives, shared like the fan-out: Redis with
 * `REDIS_URL`, else the Deno KV every isolate and worker shares, else this
 * process's memory.
 */
function historyStore(kv: Deno.Kv | undefined): HistoryStore {
  const redisUrl = Deno.env.get("REDIS_URL");
  if (redisUrl) {
    return new RedisHistoryStore({ url: redisUrl, keyPrefix: "wiretype-demo" });
  }
  return kv === undefined ? new MemoryHistoryStore() : new KvHistoryStore(kv);
}

/** `WIRETYPE_TRUSTED_PROXIES=10.0.0.10,fd00::/8`, each entry checked. */
function trustedProxies(): string[] | undefined {
  const configured = Deno.env.get("WIRETYPE_TRUSTED_PROXIES")?.trim();
  if (!configured) return undefined;
  const entries = configured.split(",").map((entry) => entry.trim());
  for (const entry of entries) {
    try {
      createClientAddressResolver([entry]);
    } catch {
      throw new TypeError(
        `WIRETYPE_TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range; give the proxies' addresses separated by commas, e.g. 10.0.0.10,fd00::/8`,
      );
    }
  }
  return entries;
}

function demoFanout(): Fanout {
  const redisUrl = Deno.env.get("REDIS_URL");
  if (redisUrl) {
    return new RedisFanout({ url: redisUrl, channelPrefix: "wiretype-demo" });
  }
  return new BroadcastChannelFanout({ channel: "wiretype-demo" });
}

const app: DemoApp = await createDemoApp();
// Deno Deploy evicts with SIGINT, process managers stop with SIGTERM: either
// closes everyone with 1001 and a "reconnect" reason, then ends the process.
closeOnSignals(app);
export default app;
