import { AuthErrorCode } from "./auth_error.ts";
import type { TicketSettings } from "./authenticator_options.ts";
import { isTicketShaped } from "./ticket_store.ts";
import type { UpgradeDecision } from "./upgrade_decision.ts";

const UNAUTHORIZED = 401;
const UNAVAILABLE = 503;

/**
 * Redeems `?ticket=` at upgrade time. The ticket is consumed before any
 * check, so a ticket presented once is spent whatever the outcome: a stolen
 * ticket tried on the wrong route or origin cannot be retried elsewhere.
 */
export async function redeemTicket(
  ticket: string,
  request: Request,
  routePath: string,
  settings: TicketSettings,
): Promise<UpgradeDecision> {
  if (!isTicketShaped(ticket)) return rejected(AuthErrorCode.UnknownTicket);
  let record;
  try {
    record = await settings.store.take(ticket);
  } catch {
    return {
      kind: "rejected",
      status: UNAVAILABLE,
      reason: AuthErrorCode.StoreUnavailable,
    };
  }
  if (record === undefined) return rejected(AuthErrorCode.UnknownTicket);
  // Stores may expire late (Deno KV), so the record's own expiry decides.
  if (record.expiresAt <= settings.clock.now()) {
    return rejected(AuthErrorCode.ExpiredTicket);
  }
  if (settings.bindRoute && record.route !== routePath) {
    return rejected(AuthErrorCode.TicketMismatch);
  }
  if (
    settings.bindOrigin &&
    record.origin !== (request.headers.get("origin") ?? undefined)
  ) {
    return rejected(AuthErrorCode.TicketMismatch);
  }
  return { kind: "authenticated", claims: record.claims };
}

/**
 * A 401 with the reason for logs and counters only.
 */
export function rejected(reason: AuthErrorCode): UpgradeDecision {
  return { kind: "rejected", status: UNAUTHORIZED, reason };
}
