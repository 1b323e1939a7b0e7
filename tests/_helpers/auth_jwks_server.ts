/**
 * A real JWKS endpoint on 127.0.0.1 for remote-key tests: it serves whatever
 * key set the test gives it and counts the fetches, so caching and rotation
 * can be observed from outside.
 *
 * @module
 */
import type { JWK } from "jose";

/**
 * A running JWKS server started by {@link startJwksServer}; `await using`
 * stops it at the end of the scope.
 */
export interface JwksServer extends AsyncDisposable {
  /** The URL of the key set, `http://127.0.0.1:<port>/.well-known/jwks.json`. */
  readonly url: string;
  /** How many times the key set has been fetched. */
  readonly fetchCount: number;
  /** Replaces the served keys (rotation). */
  setKeys(keys: readonly JWK[]): void;
  /** Answers every fetch with this status instead of the keys (outage); undefined restores. */
  failWith(status: number | undefined): void;
  /** Stops the server and waits until it has shut down. */
  close(): Promise<void>;
}

/**
 * Serves `keys` as a JWK set with `Deno.serve` on a free 127.0.0.1 port.
 *
 * @example
 * ```ts
 * await using jwks = await startJwksServer([key.publicJwk!]);
 * createJwtVerifier({ algorithms: ["RS256"], jwksUrl: jwks.url });
 * ```
 */
export function startJwksServer(keys: readonly JWK[]): Promise<JwksServer> {
  let served = [...keys];
  let fetchCount = 0;
  let failureStatus: number | undefined;
  const { promise: listening, resolve } = Promise.withResolvers<number>();
  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    onListen: ({ port }) => resolve(port),
  }, () => {
    fetchCount++;
    if (failureStatus !== undefined) {
      return new Response("unavailable", { status: failureStatus });
    }
    return Response.json({ keys: served });
  });
  return listening.then((port) => ({
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    get fetchCount() {
      return fetchCount;
    },
    setKeys(next: readonly JWK[]) {
      served = [...next];
    },
    failWith(status: number | undefined) {
      failureStatus = status;
    },
    close: () => server.shutdown(),
    [Symbol.asyncDispose]: () => server.shutdown(),
  }));
}
