/**
 * The server the fan-out integration tests run as real processes, under
 * `deno serve --parallel` or as several `deno serve` processes sharing a
 * redis-server. It serves the `/probe` test protocol and reports its
 * fan-out's counters at `GET /fanout/stats`.
 *
 * Environment:
 * - `FANOUT_JWT_SECRET` (required): HS256 secret of the clients' tokens,
 *   presented as `Authorization: Bearer`.
 * - `REDIS_URL`: use a `RedisFanout` on it; without it, a
 *   `BroadcastChannelFanout`.
 * - `FANOUT_KIND`: `in-process`, `broadcast-channel` or `redis`, to choose
 *   explicitly (the benchmark's single-node baseline is `in-process`).
 * - `FANOUT_CHANNEL`: the channel name (or Redis prefix), so parallel test
 *   runs do not hear each other. Default `wiretype-fanout-test`.
 * - `FANOUT_MESSAGES_PER_SECOND`: the per-connection rate limit (the
 *   benchmark raises it). Default: the server's.
 * - `FANOUT_HISTORY`: `memory` or `redis` (on `REDIS_URL`): the probe route
 *   keeps the history of its room and user probes, 200 per stream for ten
 *   minutes as the demo's chat does (bench/history_bench.ts compares them).
 *   Default: no history.
 *
 * @module
 */
import {
  BroadcastChannelFanout,
  ClusterFanout,
  type HistoryStore,
  InProcessFanout,
  MemoryHistoryStore,
  RedisFanout,
  RedisHistoryStore,
} from "@wiretype/wiretype/fanout";
import {
  closeOnSignals,
  createAuthenticator,
  createJwtVerifier,
  createServer,
} from "@wiretype/wiretype";
import { fanoutProbeRoute } from "./protocols/gen/fanout_probe_server.ts";

const secret = Deno.env.get("FANOUT_JWT_SECRET");
if (secret === undefined) {
  throw new Error(
    "set FANOUT_JWT_SECRET (32+ characters) for the fan-out test server",
  );
}
const channel = Deno.env.get("FANOUT_CHANNEL") ?? "wiretype-fanout-test";
const redisUrl = Deno.env.get("REDIS_URL");
// Short heartbeats so a test sees presence settle quickly; not production values.
const timing = { heartbeatIntervalMs: 1_000, nodeTimeoutMs: 4_000 };
const kind = Deno.env.get("FANOUT_KIND") ??
  (redisUrl === undefined ? "broadcast-channel" : "redis");
const fanout = createFanout();

function createFanout(): InProcessFanout | ClusterFanout {
  switch (kind) {
    case "in-process":
      return new InProcessFanout();
    case "broadcast-channel":
      return new BroadcastChannelFanout({ channel, ...timing });
    case "redis":
      return new RedisFanout({
        url: redisUrl ?? "redis://127.0.0.1:6379",
        channelPrefix: channel,
        reconnectMaxDelayMs: 500,
        ...timing,
      });
    default:
      throw new Error(`unknown FANOUT_KIND ${kind}`);
  }
}

const historyKind = Deno.env.get("FANOUT_HISTORY");
const history = createHistoryStore();

function createHistoryStore(): HistoryStore | undefined {
  switch (historyKind) {
    case undefined:
      return undefined;
    case "memory":
      return new MemoryHistoryStore();
    case "redis":
      return new RedisHistoryStore({
        url: redisUrl ?? "redis://127.0.0.1:6379",
        keyPrefix: channel,
      });
    default:
      throw new Error(`unknown FANOUT_HISTORY ${historyKind}`);
  }
}

const messagesPerSecond = Number(
  Deno.env.get("FANOUT_MESSAGES_PER_SECOND") ?? Number.NaN,
);

const route = fanoutProbeRoute(
  {
    join({ room }, ctx) {
      ctx.join(room);
      return { room };
    },
    toRoom({ room, tag, exceptSelf }, ctx) {
      const probe = { scope: "room", tag, from: ctx.id } as const;
      ctx.broadcast.toRoom(
        room,
        "probe",
        probe,
        exceptSelf ? { except: ctx.id } : undefined,
      );
    },
    toUser({ user, tag }, ctx) {
      ctx.broadcast.toUser(user, "probe", { scope: "user", tag, from: ctx.id });
    },
    toAll({ tag }, ctx) {
      ctx.broadcast.toAll("probe", { scope: "all", tag, from: ctx.id });
    },
    whoami(_data, ctx) {
      return { connectionId: ctx.id, nodeId: fanout.nodeId };
    },
    presence({ room }, ctx) {
      const members = ctx.broadcast.presence(room).map((member) => ({
        connectionId: member.connectionId,
        userId: member.userId ?? null,
        nodeId: member.nodeId,
      }));
      return { members };
    },
  },
  history === undefined ? {} : {
    history: { size: 200, ttlMs: 10 * 60_000, events: ["probe"] },
  },
);

const server = createServer({
  routes: [route],
  auth: createAuthenticator({
    verifier: createJwtVerifier({ algorithms: ["HS256"], key: secret }),
    tickets: false,
    firstMessage: false,
  }),
  fanout,
  history,
  ...(Number.isNaN(messagesPerSecond) ? {} : {
    limits: { messagesPerSecond, messageBurst: messagesPerSecond },
  }),
  fallback: (request) =>
    new URL(request.url).pathname === "/fanout/stats"
      ? Response.json(
        fanout instanceof ClusterFanout
          ? fanout.stats()
          : { nodeId: fanout.nodeId, transport: kind },
      )
      : new Response("not found\n", { status: 404 }),
});
closeOnSignals(server);

export default server;
