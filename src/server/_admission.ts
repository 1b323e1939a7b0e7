import { AuthErrorCode } from "../auth/auth_error.ts";
import type { Claims } from "../auth/claims.ts";
import type { RouteRuntime } from "./_server_core.ts";

/**
 * Why a new connection would break the route's connection limits
 * (`too_many_connections_per_ip` or `_per_user`), or undefined if it fits.
 * Pass `remoteAddress` undefined to check only the user.
 */
export function connectionLimitReason(
  runtime: RouteRuntime,
  remoteAddress: string | undefined,
  claims: Claims | undefined,
): string | undefined {
  const { limits, connectionsPerIp, hub } = runtime;
  if (
    remoteAddress !== undefined &&
    (connectionsPerIp.get(remoteAddress) ?? 0) >= limits.maxConnectionsPerIp
  ) {
    return "too_many_connections_per_ip";
  }
  if (
    claims?.sub !== undefined &&
    hub.userConnections(claims.sub) >= limits.maxConnectionsPerUser
  ) {
    return "too_many_connections_per_user";
  }
  return undefined;
}

/**
 * Runs the route's `authorize` hook, if it has one. A refusal is counted and
 * logged as an auth failure; a hook that throws is logged and refuses.
 */
export async function authorize(
  runtime: RouteRuntime,
  claims: Claims,
  request: Request,
  context: {
    readonly remoteAddress: string;
    readonly stage: "upgrade" | "message";
    readonly connectionId?: string;
  },
): Promise<boolean> {
  const rule = runtime.authRule;
  if (typeof rule !== "function") return true;
  const { core, path } = runtime;
  let allowed: boolean;
  try {
    allowed = await rule(claims, request) === true;
  } catch (error) {
    core.stats.handlerErrors++;
    core.logger.log({
      kind: "server_error",
      message: `the authorize hook of ${path} threw; the user was refused`,
      error,
    });
    allowed = false;
  }
  if (!allowed) {
    core.stats.count(core.stats.authFailures, AuthErrorCode.Forbidden);
    core.logger.log({
      kind: "auth_failed",
      route: path,
      ...context,
      reason: AuthErrorCode.Forbidden,
      ...(claims.sub === undefined ? {} : { userId: claims.sub }),
    });
  }
  return allowed;
}
