/**
 * wiretype under test: the bench echo protocol and the demo chat protocol
 * through the full stack (size, rate and depth limits, envelope decoding,
 * generated validation and dispatch, rooms), with limits raised only so far
 * that a load test does not trip them. Logging is off, as in the peers.
 *
 * ```sh
 * deno run -A bench/servers/wiretype_server.ts [--auth]   # prints "listening <port>"
 * ```
 *
 * With `--auth`, every route requires authentication: the ticket flow
 * (`POST /auth/ticket` with the JWT, then `?ticket=`), JWTs signed with
 * `BENCH_JWT_SECRET`.
 *
 * @module
 */
import {
  createAuthenticator,
  createJwtVerifier,
  createServer,
} from "@wiretype/wiretype";
import { chatRoute } from "../../protocol/gen/chat_server.ts";
import { BENCH_AUDIENCE, BENCH_ISSUER } from "../load/bench_tokens.ts";
import { echoRoute } from "../protocol/gen/echo_server.ts";
import { exitWithHarness } from "./_lifecycle.ts";

// Every check still runs; the numbers are only high enough that one load
// generator on 127.0.0.1 is not refused.
const BENCH_LIMITS = {
  messagesPerSecond: 1_000_000,
  messageBurst: 1_000_000,
  maxConnectionsPerIp: 1_000_000,
};

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

const auth = Deno.args.includes("--auth")
  ? createAuthenticator({
    verifier: createJwtVerifier({
      algorithms: ["HS256"],
      key: Deno.env.get("BENCH_JWT_SECRET")!,
      issuer: BENCH_ISSUER,
      audience: BENCH_AUDIENCE,
    }),
  })
  : undefined;

const server = createServer({
  routes: [echo, chat],
  auth,
  limits: BENCH_LIMITS,
  logger: { log() {} },
});

exitWithHarness();

Deno.serve({
  hostname: "127.0.0.1",
  port: 0,
  onListen: ({ port }) => console.log(`listening ${port}`),
}, server.fetch);
