/**
 * The wiretype server under test, shared by the single-process server
 * (`wiretype_server.ts`) and the `deno serve --parallel` one
 * (`wiretype_parallel.ts`): the bench echo protocol and the demo chat
 * protocol through the full stack, with limits raised only so far that a
 * load test does not trip them. Logging is off, as in the peers.
 *
 * @module
 */
import {
  createAuthenticator,
  createJwtVerifier,
  createServer,
  type Server,
} from "@wiretype/wiretype";
import type { Fanout } from "@wiretype/wiretype/fanout";
import { chatRoute } from "../../protocol/gen/chat_server.ts";
import { BENCH_AUDIENCE, BENCH_ISSUER } from "../load/bench_tokens.ts";
import { echoRoute } from "../protocol/gen/echo_server.ts";

// Every check still runs; the numbers are only high enough that one load
// generator on 127.0.0.1 is not refused.
const BENCH_LIMITS = {
  messagesPerSecond: 1_000_000,
  messageBurst: 1_000_000,
  maxConnectionsPerIp: 1_000_000,
};

/** How to build the bench's wiretype server. */
export interface BenchAppOptions {
  /** Require the ticket flow with JWTs signed with `BENCH_JWT_SECRET`. */
  readonly auth: boolean;
  /** The fan-out; default: the server's own (in this process only). */
  readonly fanout?: Fanout;
}

/**
 * The bench's wiretype server, not yet listening.
 *
 * @example
 * ```ts
 * Deno.serve({ port: 0 }, createBenchApp({ auth: false }).fetch);
 * ```
 */
export function createBenchApp(options: BenchAppOptions): Server {
  const echo = echoRoute({ echo: (data) => data });
  const chat = chatRoute({
    join({ room }, ctx) {
      ctx.join(room);
      ctx.send("joined", { room, user: ctx.userId ?? "anonymous" });
    },
    leave({ room }, ctx) {
      ctx.leave(room);
    },
    say({ room, text }, ctx) {
      ctx.broadcast.toRoom(room, "message", {
        id: crypto.randomUUID(),
        room,
        user: ctx.userId ?? "anonymous",
        text,
        sentAt: new Date().toISOString(),
      });
    },
    typing({ room, active }, ctx) {
      ctx.broadcast.toRoom(room, "typing", {
        room,
        user: ctx.userId ?? "anonymous",
        active,
      }, {
        except: ctx.id,
      });
    },
    history: () => ({ messages: [] }),
  });
  const auth = options.auth
    ? createAuthenticator({
      verifier: createJwtVerifier({
        algorithms: ["HS256"],
        key: Deno.env.get("BENCH_JWT_SECRET")!,
        issuer: BENCH_ISSUER,
        audience: BENCH_AUDIENCE,
      }),
    })
    : undefined;
  return createServer({
    routes: [echo, chat],
    auth,
    limits: BENCH_LIMITS,
    logger: { log() {} },
    ...(options.fanout === undefined ? {} : { fanout: options.fanout }),
  });
}
