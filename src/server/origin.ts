import { describeValue, optionTypeError } from "../_option_checks.ts";

/**
 * Which browser origins may open connections: `"same-host"` (the default:
 * the `Origin`'s host equals the request's `Host`), `"*"` (any), a list of
 * origins such as `https://app.example.com`, or a function. Requests without
 * an `Origin` header come from non-browser clients, which can send any
 * header they like, so they are let through: the check exists to stop other
 * web pages from using a visitor's browser (cross-site WebSocket hijacking).
 *
 * @example Usage
 * ```ts
 * import type { OriginPolicy } from "@wiretype/wiretype/server";
 *
 * const origins: OriginPolicy = ["https://app.example.com", "http://localhost:5173"];
 * ```
 */
export type OriginPolicy =
  | "same-host"
  | "*"
  | readonly string[]
  | ((origin: string, request: Request) => boolean);

/**
 * Compiles an {@link OriginPolicy} into a check of one request, refusing a
 * malformed policy at start-up.
 *
 * @example Usage
 * ```ts
 * import { createOriginCheck } from "./origin.ts";
 *
 * const allowed = createOriginCheck("same-host");
 * allowed(new Request("http://a.test/chat", { headers: { origin: "http://a.test" } })); // true
 * ```
 */
export function createOriginCheck(
  policy: OriginPolicy = "same-host",
): (request: Request) => boolean {
  if (policy === "*") return () => true;
  if (policy === "same-host") {
    return (request) => {
      const origin = request.headers.get("origin");
      if (origin === null) return true;
      const host = request.headers.get("host") ?? new URL(request.url).host;
      return hostOf(origin) === host.toLowerCase();
    };
  }
  if (typeof policy === "function") {
    return (request) => {
      const origin = request.headers.get("origin");
      return origin === null || policy(origin, request) === true;
    };
  }
  if (!Array.isArray(policy)) {
    throw optionTypeError(
      "createServer",
      `origins must be "same-host", "*", a list of origins or a function, got ${
        describeValue(policy)
      }`,
    );
  }
  const allowed = new Set(policy.map(normaliseOrigin));
  return (request) => {
    const origin = request.headers.get("origin");
    return origin === null || allowed.has(originOf(origin) ?? "");
  };
}

function normaliseOrigin(origin: unknown): string {
  if (typeof origin !== "string") {
    throw optionTypeError(
      "createServer",
      `origins entries must be strings, got ${describeValue(origin)}`,
    );
  }
  try {
    const parsed = new URL(origin).origin;
    if (parsed !== "null") return parsed;
  } catch {
    // reported below
  }
  throw optionTypeError(
    "createServer",
    `origins entry ${
      JSON.stringify(origin)
    } is not an origin like "https://app.example.com"`,
  );
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}

function originOf(origin: string): string | undefined {
  try {
    return new URL(origin).origin;
  } catch {
    return undefined;
  }
}
