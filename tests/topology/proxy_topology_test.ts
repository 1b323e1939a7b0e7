import type { Page } from "playwright-core";
import { chatProtocolInfo } from "../../protocol/gen/chat_protocol.ts";
import { assert, assertEquals } from "../_helpers/assert.ts";
import { launchChromium } from "../_helpers/browser_chromium.ts";
import { say, sees } from "../_helpers/browser_demo_page.ts";
import { type Cluster, startCluster } from "../_helpers/topology_cluster.ts";
import { type LinePeer, startPeer } from "../_helpers/topology_peer.ts";
import { trustedCaHome } from "../_helpers/topology_tls.ts";
import type { SpawnedServer } from "../_helpers/spawned_server.ts";

const PYTHON = "/usr/bin/python3";
const FIXTURES = new URL("./_fixtures/", import.meta.url).pathname;
const ROOM = "general"; // the room the demo page opens
const UI_TIMEOUT_MS = 15_000;

function pythonPeer(cluster: Cluster, name: string): LinePeer {
  return startPeer(name, PYTHON, [
    `${FIXTURES}python_chat_peer.py`,
    cluster.proxyUrl,
    cluster.caFile,
    chatProtocolInfo.version,
    name,
    ROOM,
  ]);
}

/** The generated Deno client in its own process, trusting the CA via DENO_CERT. */
function denoPeer(cluster: Cluster, name: string): LinePeer {
  return startPeer(
    name,
    Deno.execPath(),
    ["run", "-A", `${FIXTURES}deno_chat_peer.ts`, cluster.proxyUrl, name, ROOM],
    { DENO_CERT: cluster.caFile },
  );
}

const heard =
  (user: string, text: string) => (event: Record<string, unknown>) =>
    event.event === "message" && event.user === user && event.text === text;

/** Waits until the nodes' open connections (from /healthz) satisfy `accept`. */
async function connectionsUntil(
  cluster: Cluster,
  accept: (counts: number[]) => boolean,
  timeoutMs = 10_000,
): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  while (true) {
    const counts = await cluster.openConnections();
    if (accept(counts)) return counts;
    if (Date.now() > deadline) {
      throw new Error(`open connections per node stayed ${counts}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The client addresses in a node's `WS /chat 1000 ...` close lines, once
 * `accept` takes them (the node logs a close once it has counted it).
 */
async function closedLogged(
  node: SpawnedServer,
  accept: (addresses: string[]) => boolean,
  timeoutMs = 10_000,
): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  while (true) {
    const addresses = [
      ...node.output().matchAll(/^WS \/chat 1000 .* (\S+) #\S+$/gm),
    ].map((match) => match[1]);
    if (accept(addresses)) return addresses;
    if (Date.now() > deadline) {
      throw new Error(`the node logged closes from ${addresses.join(" ")}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The i-th client source address: 127.0.1.1, 127.0.1.2, ... (never the proxy's 127.0.0.1). */
const sourceAddress = (index: number) =>
  `127.0.${1 + Math.floor(index / 250)}.${1 + index % 250}`;

/** Runs python_many_connections.py; resolves with its first report and a way to close. */
async function openMany(spec: Record<string, unknown>) {
  const child = new Deno.Command(PYTHON, {
    args: [`${FIXTURES}python_many_connections.py`],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(JSON.stringify(spec) + "\n"));
  const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  const errors = new Response(child.stderr).text();
  let buffered = "";
  const nextLine = async (): Promise<string> => {
    while (!buffered.includes("\n")) {
      const { value, done } = await lines.read();
      if (done) throw new Error(`the client exited: ${await errors}`);
      buffered += value;
    }
    const [line, ...rest] = buffered.split("\n");
    buffered = rest.join("\n");
    return line;
  };
  const report = JSON.parse(await nextLine()) as {
    opened: number;
    failures: string[];
  };
  return {
    report,
    async close(): Promise<number> {
      await writer.close();
      const { closed } = JSON.parse(await nextLine());
      await lines.cancel();
      await errors;
      await child.status;
      return closed;
    },
  };
}

/** A ticket from `issuer`'s endpoint, redeemed with a WebSocket straight to `redeemer`. */
async function crossNodeTicketOpens(
  cluster: Cluster,
  issuer: number,
  redeemer: number,
): Promise<boolean> {
  const token = await cluster.login("dan");
  const response = await fetch(`${cluster.nodes[issuer].httpUrl}/auth/ticket`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
  });
  const { ticket } = await response.json();
  const socket = new WebSocket(
    `${cluster.nodes[redeemer].wsUrl}/chat?ticket=${ticket}`,
    [`wiretype.${chatProtocolInfo.version}`],
  );
  const welcomed = await new Promise<boolean>((resolve) => {
    socket.onmessage = (event) =>
      resolve(JSON.parse(event.data).type === "welcome");
    socket.onclose = () => resolve(false);
  });
  const closed = new Promise((resolve) => socket.onclose = resolve);
  socket.close();
  await closed;
  return welcomed;
}

for (const proxy of ["nginx", "haproxy"] as const) {
  const name = proxy === "nginx" ? "nginx" : "HAProxy";
  Deno.test(`through ${name} with wss://, Python, Chromium and the Deno client chat across two nodes, survive a node's SIGTERM, and 300 clients are told apart by their forwarded addresses`, async (t) => {
    await using cluster = await startCluster(proxy);
    // Disposed in reverse: the browser, the CA home, then the peers.
    await using cleanup = new AsyncDisposableStack();
    const peers: LinePeer[] = [];
    cleanup.defer(async () => {
      for (const peer of peers) await peer.stop();
    });
    const caHome = cleanup.use(await trustedCaHome(cluster.caFile));
    const browser = await launchChromium({ env: { HOME: caHome.home } });
    cleanup.defer(() => browser.close());
    try {
      let ann!: LinePeer, ben!: LinePeer, page!: Page;
      let annNode = -1, benNode = -1;

      await t.step(
        "a ticket issued by one node opens a connection on the other (tickets live in Redis)",
        async () => {
          assert(await crossNodeTicketOpens(cluster, 0, 1));
        },
      );

      await t.step(
        "clients on different nodes chat through the proxy",
        async () => {
          ann = pythonPeer(cluster, "ann");
          peers.push(ann);
          await ann.waitFor((event) => event.event === "open");
          annNode = (await connectionsUntil(cluster, (c) => c.includes(1)))
            .indexOf(1);
          ben = denoPeer(cluster, "ben");
          peers.push(ben);
          await ben.waitFor((event) => event.event === "open");
          // Balanced on open connections: the second one goes to the idle node.
          assertEquals(
            await connectionsUntil(cluster, (c) => c[0] + c[1] === 2),
            [1, 1],
          );
          benNode = 1 - annNode;

          page = await browser.newPage();
          page.setDefaultTimeout(UI_TIMEOUT_MS);
          await page.goto(cluster.proxyUrl);
          await page.fill("[data-testid=name]", "cat");
          await page.click("[data-testid=login]");
          await page.waitForSelector(
            "[data-testid=chat-state][data-state=open]",
          );
          await page.waitForSelector(
            '[data-testid=presence] li:has-text("ben")',
          );

          const annFrom = ann.events.length, benFrom = ben.events.length;
          await ann.send({ say: "hello from python" });
          await ben.waitFor(heard("ann", "hello from python"), benFrom);
          await sees(page, "hello from python");
          await ben.send({ say: "hello from deno" });
          await ann.waitFor(heard("ben", "hello from deno"), annFrom);
          await sees(page, "hello from deno");
          await say(page, "hello from chromium");
          await ann.waitFor(heard("cat", "hello from chromium"), annFrom);
          await ben.waitFor(heard("cat", "hello from chromium"), benFrom);
        },
      );

      await t.step(
        "a node stopped with SIGTERM closes its clients with 1001 and they come back through the proxy on the other node, with what was said meanwhile",
        async () => {
          const benFrom = ben.events.length, annFrom = ann.events.length;
          assertEquals(await cluster.nodes[benNode].stop("SIGTERM"), 0);
          await ben.waitFor(
            (event) => event.event === "closed" && event.code === 1001,
            benFrom,
          );
          // Said while ben is away: the other node's history hands it over.
          await ann.send({ say: "while you were away" });
          await ben.waitFor((event) => event.event === "open", benFrom);
          await ben.waitFor(
            (event) =>
              event.event === "recovery" && event.reason === "reconnect" &&
              event.recovered === true,
            benFrom,
          );
          await ben.waitFor(heard("ann", "while you were away"), benFrom);
          await page.waitForSelector(
            "[data-testid=chat-state][data-state=open]",
          );
          // ann, ben and the page's two connections, all on the node left.
          await connectionsUntil(cluster, (c) => c[annNode] === 4);
          await ben.send({ say: "back from deno" });
          await ann.waitFor(heard("ben", "back from deno"), annFrom);
          await sees(page, "back from deno");
          await say(page, "welcome back");
          await ben.waitFor(heard("cat", "welcome back"), benFrom);
        },
      );

      await t.step(
        "300 clients behind the proxy are all accepted by one node with maxConnectionsPerIp 256, each counted by its own address even when it forges X-Forwarded-For",
        async () => {
          const node = cluster.nodes[annNode];
          const tokens = await Promise.all(
            Array.from({ length: 10 }, (_, i) => cluster.login(`crowd-${i}`)),
          );
          const sources = Array.from(
            { length: 300 },
            (_, i) => sourceAddress(i),
          );
          const many = await openMany({
            url: `${cluster.proxyUrl.replace("https:", "wss:")}/chat`,
            cafile: cluster.caFile,
            subprotocol: `wiretype.${chatProtocolInfo.version}`,
            tokens,
            // 30 per user: maxConnectionsPerUser is 32.
            connections: sources.map((source, i) => ({
              source,
              token: i % 10,
              ...(i % 2 === 0 ? { forwardedFor: `198.51.100.${i % 250}` } : {}),
            })),
          });
          let closed = 0;
          try {
            assertEquals(many.report, { opened: 300, failures: [] });
            const counts = await cluster.openConnections();
            assertEquals(counts[annNode], 304);
          } finally {
            closed = await many.close();
          }
          assertEquals(closed, 300);
          const logged = await closedLogged(node, (a) => a.length >= 300);
          assertEquals([...logged].sort(), [...sources].sort());
          assert(!node.output().includes("198.51.100."));
        },
      );

      await t.step(
        "a client that sends its own X-Forwarded-For straight to a node is counted by its real address",
        async () => {
          const node = cluster.nodes[annNode];
          const many = await openMany({
            url: `${node.wsUrl}/chat`,
            cafile: null,
            subprotocol: `wiretype.${chatProtocolInfo.version}`,
            tokens: [await cluster.login("mallory")],
            connections: [{
              source: "127.0.0.77",
              token: 0,
              forwardedFor: "203.0.113.77",
            }],
          });
          assertEquals(many.report, { opened: 1, failures: [] });
          assertEquals(await many.close(), 1);
          await closedLogged(node, (a) => a.includes("127.0.0.77"));
          assert(!node.output().includes("203.0.113.77"));
        },
      );
    } catch (error) {
      console.error(await cluster.proxyLog());
      throw error;
    }
  });
}
