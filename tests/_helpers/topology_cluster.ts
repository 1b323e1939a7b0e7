/**
 * The production topology docs/DEPLOY.md describes, on one machine: a
 * redis-server, two demo nodes (`deno task demo` with `REDIS_URL`, so
 * fan-out and tickets are shared) that trust the proxy's address, and nginx
 * or HAProxy terminating TLS in front of them with a certificate from a
 * throwaway CA.
 *
 * @module
 */
import { type RedisServer, startRedisServer } from "./redis_server.ts";
import { type SpawnedServer, spawnServer } from "./spawned_server.ts";
import {
  freePort,
  HAPROXY_CONFIG_FILE,
  NGINX_SITE_FILE,
  renderHaproxyConfig,
  renderNginxSite,
  type RunningProxy,
  startHaproxy,
  startNginx,
} from "./topology_proxy.ts";
import { makeTestCertificates } from "./topology_tls.ts";

/** A running topology, see {@link startCluster}. */
export interface Cluster extends AsyncDisposable {
  /** `https://127.0.0.1:<port>`: the proxy, what users reach. */
  readonly proxyUrl: string;
  /** The CA that signed the proxy's certificate (PEM file). */
  readonly caFile: string;
  /** The two demo nodes, reachable directly too (`httpUrl`, `wsUrl`). */
  readonly nodes: readonly SpawnedServer[];
  /** `fetch` through the proxy, trusting the test CA. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Signs `name` in through the proxy; returns the demo's JWT. */
  login(name: string): Promise<string>;
  /** Open connections per node from its `/healthz`, asked directly; -1 for a node that does not answer 200. */
  openConnections(): Promise<number[]>;
  /** The proxy's log, for failure messages. */
  proxyLog(): Promise<string>;
  /** Stops the proxy, the nodes (SIGTERM) and Redis; removes the files. */
  close(): Promise<void>;
}

/** The demo's token secret, the same on every node. */
const SECRET = "topology-test-secret-0123456789abcdef";

/**
 * Starts Redis, two demo nodes that trust 127.0.0.1 (the proxy) and `proxy`
 * with the configuration from docs/deploy/. Everything started is stopped
 * again if a later step fails.
 *
 * @example
 * ```ts
 * const cluster = await startCluster("nginx");
 * try {
 *   const token = await cluster.login("ann");
 * } finally {
 *   await cluster.close();
 * }
 * ```
 */
export async function startCluster(
  proxy: "nginx" | "haproxy",
): Promise<Cluster> {
  const directory = await Deno.makeTempDir({ prefix: "wiretype-topology-" });
  // nginx's workers (user nobody when started as root) reach their temp dirs.
  await Deno.chmod(directory, 0o755);
  const cleanups: (() => Promise<unknown>)[] = [
    () => Deno.remove(directory, { recursive: true }),
  ];
  const close = async () => {
    const errors = [];
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        errors.push(error);
      }
    }
    cleanups.length = 0;
    if (errors.length > 0) throw new AggregateError(errors, "cleanup failed");
  };
  try {
    const certificates = await makeTestCertificates(directory);
    const redis: RedisServer = await startRedisServer();
    cleanups.push(() => redis.stop());
    const nodes = await Promise.all([0, 1].map(() =>
      spawnServer({
        args: ["task", "demo"],
        env: {
          PORT: "0",
          HOST: "127.0.0.1",
          WIRETYPE_DEMO_SECRET: SECRET,
          REDIS_URL: redis.url,
          WIRETYPE_TRUSTED_PROXIES: "127.0.0.1",
        },
      })
    ));
    for (const node of nodes) cleanups.push(() => node.stop());
    // Each node logs the other joining once its Redis link is up; before
    // that it may still be loading the Redis client, too busy to answer a
    // health check in time.
    await Promise.all(nodes.map((node) => logged(node, /: node \w+ joined/)));
    const listenPort = freePort();
    const site = {
      listenPort,
      nodePorts: [nodes[0].port, nodes[1].port] as const,
      ...certificates,
    };
    const running: RunningProxy = proxy === "nginx"
      ? await startNginx(
        directory,
        renderNginxSite(await Deno.readTextFile(NGINX_SITE_FILE), site),
        listenPort,
      )
      : await startHaproxy(
        directory,
        renderHaproxyConfig(await Deno.readTextFile(HAPROXY_CONFIG_FILE), site),
        listenPort,
      );
    cleanups.push(() => running.stop());
    const client = Deno.createHttpClient({
      caCerts: [await Deno.readTextFile(certificates.caFile)],
    });
    cleanups.push(() => Promise.resolve(client.close()));
    const viaProxy = (path: string, init?: RequestInit) =>
      fetch(`${running.httpsUrl}${path}`, { ...init, client });
    return {
      proxyUrl: running.httpsUrl,
      caFile: certificates.caFile,
      nodes,
      fetch: viaProxy,
      async login(name) {
        const response = await viaProxy("/login", {
          method: "POST",
          body: JSON.stringify({ name }),
        });
        if (!response.ok) {
          throw new Error(`login ${name}: ${response.status}`);
        }
        return (await response.json()).token;
      },
      openConnections: () =>
        Promise.all(nodes.map(async (node) => {
          try {
            const response = await fetch(`${node.httpUrl}/healthz`);
            const body = await response.json();
            return response.ok ? body.openConnections as number : -1;
          } catch {
            return -1;
          }
        })),
      proxyLog: () => running.log(),
      close,
      [Symbol.asyncDispose]: close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

async function logged(node: SpawnedServer, line: RegExp): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!line.test(node.output())) {
    if (Date.now() > deadline) {
      throw new Error(`no line matching ${line}:\n${node.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
