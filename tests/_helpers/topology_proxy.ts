/**
 * Runs Debian's nginx or HAProxy with the configuration docs/DEPLOY.md
 * shows (docs/deploy/nginx.conf, docs/deploy/haproxy.cfg), changing only
 * the addresses and file paths of the example site into the test's: each
 * such value must appear in the file exactly as expected, so a config that
 * drifted from what this helper knows fails loudly instead of being tested
 * half.
 *
 * @module
 */
import {
  DEBIAN_HAPROXY as HAPROXY,
  DEBIAN_NGINX as NGINX,
} from "../_setup/peers.ts";

/** Where the proxy listens and what it sends to, for one test. */
export interface ProxySite {
  /** The 127.0.0.1 port clients connect to with TLS. */
  readonly listenPort: number;
  /** The two nodes' 127.0.0.1 ports. */
  readonly nodePorts: readonly [number, number];
  /** Certificate chain (nginx), see `makeTestCertificates`. */
  readonly chainFile: string;
  /** Private key (nginx). */
  readonly keyFile: string;
  /** Chain and key in one file (HAProxy). */
  readonly combinedFile: string;
}

/** A running proxy process. */
export interface RunningProxy extends AsyncDisposable {
  /** `https://127.0.0.1:<port>`. */
  readonly httpsUrl: string;
  /** Its logs (nginx: errors, then requests with the node each went to), for failure messages. */
  log(): Promise<string>;
  /** Stops it and waits for the exit. Safe to call twice. */
  stop(): Promise<void>;
}

const DOCS = new URL("../../docs/deploy/", import.meta.url);
/** The nginx site configuration DEPLOY.md includes. */
export const NGINX_SITE_FILE = new URL("nginx.conf", DOCS);
/** The HAProxy configuration DEPLOY.md includes. */
export const HAPROXY_CONFIG_FILE = new URL("haproxy.cfg", DOCS);

/**
 * docs/deploy/nginx.conf with the example's addresses and paths replaced.
 *
 * @example
 * ```ts
 * const site = renderNginxSite(await Deno.readTextFile(NGINX_SITE_FILE), proxySite);
 * ```
 */
export function renderNginxSite(template: string, site: ProxySite): string {
  return replaceEach(template, "docs/deploy/nginx.conf", [
    ["listen 443 ssl;", `listen 127.0.0.1:${site.listenPort} ssl;`],
    ["server 10.0.0.11:8000 ", `server 127.0.0.1:${site.nodePorts[0]} `],
    ["server 10.0.0.12:8000 ", `server 127.0.0.1:${site.nodePorts[1]} `],
    ["/etc/ssl/wiretype/fullchain.pem;", `${site.chainFile};`],
    ["/etc/ssl/wiretype/privkey.pem;", `${site.keyFile};`],
  ]);
}

/**
 * docs/deploy/haproxy.cfg with the example's addresses and paths replaced.
 *
 * @example
 * ```ts
 * const config = renderHaproxyConfig(await Deno.readTextFile(HAPROXY_CONFIG_FILE), proxySite);
 * ```
 */
export function renderHaproxyConfig(template: string, site: ProxySite): string {
  return replaceEach(template, "docs/deploy/haproxy.cfg", [
    [
      "bind :443 ssl crt /etc/haproxy/certs/chat.example.com.pem",
      `bind 127.0.0.1:${site.listenPort} ssl crt ${site.combinedFile}`,
    ],
    [" 10.0.0.11:8000 ", ` 127.0.0.1:${site.nodePorts[0]} `],
    [" 10.0.0.12:8000 ", ` 127.0.0.1:${site.nodePorts[1]} `],
  ]);
}

function replaceEach(
  template: string,
  name: string,
  replacements: readonly (readonly [string, string])[],
): string {
  let text = template;
  for (const [from, to] of replacements) {
    const count = text.split(from).length - 1;
    if (count !== 1) {
      throw new Error(
        `${name} should contain ${
          JSON.stringify(from)
        } once (found ${count}): the topology test renders it for 127.0.0.1`,
      );
    }
    text = text.replace(from, to);
  }
  return text;
}

/**
 * Starts nginx in the foreground with `siteConfig` included in a minimal
 * main configuration (one worker, logs and temporary files in `directory`)
 * and waits until it accepts connections on `listenPort`.
 *
 * @example
 * ```ts
 * const nginx = await startNginx(directory, renderNginxSite(template, site), site.listenPort);
 * await nginx.stop();
 * ```
 */
export async function startNginx(
  directory: string,
  siteConfig: string,
  listenPort: number,
): Promise<RunningProxy> {
  await requireBinary(NGINX, "nginx");
  await Deno.writeTextFile(`${directory}/wiretype.conf`, siteConfig);
  const errorLog = `${directory}/nginx-error.log`;
  await Deno.writeTextFile(
    `${directory}/nginx-main.conf`,
    [
      "daemon off;",
      "worker_processes 1;",
      `pid ${directory}/nginx.pid;`,
      `error_log ${errorLog} notice;`,
      "events { worker_connections 4096; }",
      "http {",
      `  log_format topology '$remote_addr "$request" $status upstream=$upstream_addr';`,
      `  access_log ${directory}/nginx-access.log topology;`,
      ...["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((kind) =>
        `  ${kind}_temp_path ${directory}/nginx-${kind};`
      ),
      `  include ${directory}/wiretype.conf;`,
      "}",
    ].join("\n") + "\n",
  );
  return await startProxy(
    NGINX,
    ["-p", directory, "-c", `${directory}/nginx-main.conf`, "-e", errorLog],
    listenPort,
    [errorLog, `${directory}/nginx-access.log`],
  );
}

/**
 * Starts HAProxy in the foreground (`-db`) with `config` and waits until it
 * accepts connections on `listenPort`.
 *
 * @example
 * ```ts
 * const haproxy = await startHaproxy(directory, renderHaproxyConfig(template, site), site.listenPort);
 * await haproxy.stop();
 * ```
 */
export async function startHaproxy(
  directory: string,
  config: string,
  listenPort: number,
): Promise<RunningProxy> {
  await requireBinary(HAPROXY, "haproxy");
  const file = `${directory}/haproxy.cfg`;
  await Deno.writeTextFile(file, config);
  return await startProxy(HAPROXY, ["-db", "-f", file], listenPort);
}

async function requireBinary(path: string, debianPackage: string) {
  try {
    await Deno.stat(path);
  } catch {
    throw new Error(
      `${path} is missing: run \`apt-get install -y ${debianPackage}\` (deno task test installs it)`,
    );
  }
}

async function startProxy(
  binary: string,
  args: string[],
  port: number,
  logFiles: readonly string[] = [],
): Promise<RunningProxy> {
  const child = new Deno.Command(binary, {
    args,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  // Collected from the start so the pipes never fill up.
  const output = child.output();
  let stopped: Promise<void> | undefined;
  const stop = () =>
    stopped ??= (async () => {
      try {
        child.kill("SIGTERM");
      } catch {
        // Already exited.
      }
      await output;
    })();
  const printed = async () => {
    const { stdout, stderr } = await output;
    const decoder = new TextDecoder();
    return decoder.decode(stdout) + decoder.decode(stderr);
  };
  const log = async () =>
    (await Promise.all(
      logFiles.map((file) => Deno.readTextFile(file).catch(() => "")),
    )).join("");
  let exited = false;
  output.then(() => exited = true, () => exited = true);
  const deadline = Date.now() + 10_000;
  while (!await accepts(port)) {
    if (exited || Date.now() > deadline) {
      await stop();
      throw new Error(
        `${binary} did not listen on ${port}:\n${await printed()}${await log()}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    httpsUrl: `https://127.0.0.1:${port}`,
    log: async () => (await log()) + (exited ? await printed() : ""),
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

async function accepts(port: number): Promise<boolean> {
  try {
    const connection = await Deno.connect({ hostname: "127.0.0.1", port });
    connection.close();
    return true;
  } catch {
    return false;
  }
}

/**
 * A free TCP port on 127.0.0.1 (another process may still take it).
 *
 * @example
 * ```ts
 * const port = freePort();
 * ```
 */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}
