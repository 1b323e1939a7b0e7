import { CloseCode } from "../wire/close_codes.ts";
import { negotiateVersion } from "../wire/version.ts";
import { authorize, connectionLimitReason } from "./_admission.ts";
import { handleFrame } from "./_frame_handler.ts";
import type { RouteRuntime } from "./_server_core.ts";
import { type Admission, Session } from "./_session.ts";

/**
 * Answers a WebSocket upgrade request for a route: checks the handshake,
 * the origin, the connection limits and the version, authenticates and
 * authorizes, then upgrades. Refusals are HTTP responses (400, 401, 403,
 * 429, 500, 503), counted and logged; nothing is upgraded for them. A
 * generated client (it offers a `wiretype.*` subprotocol) is told a wrong
 * version (4409) or a refused ticket, token or user (4401, 4403) over the
 * socket instead: upgraded and closed at once with the code and why, since
 * a browser hides the HTTP status and the client could not tell a refusal
 * from a server that is down.
 */
export async function upgradeConnection(
  runtime: RouteRuntime,
  request: Request,
  remoteAddress: string,
): Promise<Response> {
  const { core, path, route } = runtime;
  const refuse = (status: number, reason: string) =>
    refuseUpgrade(runtime, remoteAddress, status, reason);
  if (
    // `get`, not `has`: `has` makes Deno copy every header of the request
    // into the heap, where they stay as long as the runtime keeps the
    // upgrade request (the life of the connection).
    request.method !== "GET" ||
    request.headers.get("sec-websocket-key") === null
  ) {
    return refuse(400, "bad_handshake");
  }
  if (!core.originAllowed(request)) return refuse(403, "origin");
  const early = connectionLimitReason(runtime, remoteAddress, undefined);
  if (early !== undefined) return refuse(429, early);
  // Clients of every compatible revision are accepted, so a deploy does
  // not lock out the tabs already open.
  const negotiation = negotiateVersion(
    request.headers.get("sec-websocket-protocol"),
    route.protocol,
  );
  const generatedClient = negotiation.subprotocol !== undefined;
  let admission: Admission;
  if (!negotiation.matches) {
    // No auth runs, so no ticket is spent.
    admission = {
      kind: "refused",
      code: CloseCode.VersionMismatch,
      reason: negotiation.reason!,
      rejection: "version_mismatch",
    };
  } else if (runtime.authRule === "public") {
    admission = { kind: "open", claims: undefined };
  } else {
    let decision;
    try {
      decision = await core.auth!.authenticateUpgrade(request, path);
    } catch (error) {
      core.logger.log({
        kind: "server_error",
        message: `auth.authenticateUpgrade threw on ${path}`,
        error,
      });
      return refuse(500, "auth_error");
    }
    if (decision.kind === "rejected") {
      core.stats.count(core.stats.authFailures, decision.reason);
      core.logger.log({
        kind: "auth_failed",
        route: path,
        remoteAddress,
        stage: "upgrade",
        reason: decision.reason,
      });
      // 503: the ticket store is down, which is not the client's fault.
      if (decision.status !== 401) {
        return refuse(decision.status, "auth_unavailable");
      }
      if (!generatedClient) return refuse(401, "unauthenticated");
      // Which check failed stays in the log (docs/SECURITY.md).
      admission = {
        kind: "refused",
        code: CloseCode.Unauthenticated,
        reason: "unauthenticated",
        rejection: "unauthenticated",
      };
    } else if (decision.kind === "pending") {
      admission = { kind: "pending", request };
    } else {
      const context = { remoteAddress, stage: "upgrade" } as const;
      if (await authorize(runtime, decision.claims, request, context)) {
        admission = { kind: "open", claims: decision.claims };
      } else if (!generatedClient) {
        return refuse(403, "forbidden");
      } else {
        admission = {
          kind: "refused",
          code: CloseCode.Forbidden,
          reason: "forbidden",
          rejection: "forbidden",
        };
      }
    }
  }
  if (core.closing) return refuse(503, "shutting_down");
  // Checked again: other upgrades may have been admitted while auth ran.
  const late = connectionLimitReason(
    runtime,
    remoteAddress,
    admission.kind === "open" ? admission.claims : undefined,
  );
  if (late !== undefined) return refuse(429, late);
  let upgraded;
  try {
    upgraded = Deno.upgradeWebSocket(request, {
      ...(negotiation.subprotocol === undefined
        ? {}
        : { protocol: negotiation.subprotocol }),
      idleTimeout: core.heartbeat.idleTimeoutSeconds,
    });
  } catch {
    return refuse(400, "bad_handshake");
  }
  // From here on the session owns the connection: it listens to the socket
  // and acts on the admission when the socket opens.
  new Session(runtime, upgraded.socket, remoteAddress, admission, handleFrame);
  return upgraded.response;
}

function refuseUpgrade(
  runtime: RouteRuntime,
  remoteAddress: string,
  status: number,
  reason: string,
): Response {
  const { core, path } = runtime;
  core.stats.count(core.stats.rejectedConnections, reason);
  core.logger.log({
    kind: "connection_rejected",
    route: path,
    remoteAddress,
    status,
    reason,
  });
  return new Response(`${status} ${reason.replaceAll("_", " ")}\n`, {
    status,
  });
}
