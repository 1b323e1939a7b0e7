import { assertEquals, assertMatch } from "../_helpers/assert.ts";
import { openWsClient } from "../_helpers/ws_client.ts";

const ENTRY = new URL("./_fixtures/deno_serve_entry.ts", import.meta.url);
const STARTUP_TIMEOUT_MS = 60_000;

/** Reads the child's output until `deno serve` says where it listens. */
async function listeningPort(
  stream: ReadableStream<Uint8Array>,
): Promise<number> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let seen = "";
  const timer = setTimeout(() => reader.cancel(), STARTUP_TIMEOUT_MS);
  try {
    while (true) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`deno serve exited before listening: ${seen}`);
      seen += decoder.decode(value, { stream: true });
      const port = seen.match(/Listening on http:\/\/127\.0\.0\.1:(\d+)/)?.[1];
      if (port !== undefined) return Number(port);
    }
  } finally {
    clearTimeout(timer);
    reader.releaseLock();
  }
}

Deno.test("a server exported as default runs under deno serve: upgrades and fallback both work", async () => {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "serve",
      "--allow-net",
      "--allow-read",
      "--allow-env",
      "--host",
      "127.0.0.1",
      "--port",
      "0",
      ENTRY.pathname,
    ],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  // Both streams must be consumed or closed for the sanitizer.
  const [forPort, rest] = child.stderr.tee();
  const drainedStderr = rest.pipeTo(new WritableStream());
  const drainedStdout = child.stdout.pipeTo(new WritableStream());
  try {
    const port = await listeningPort(forPort);
    const response = await fetch(`http://127.0.0.1:${port}/`);
    assertEquals(await response.text(), "served by deno serve");
    await using client = await openWsClient(`ws://127.0.0.1:${port}/chat`);
    const welcome = await client.next();
    assertEquals(welcome.type, "welcome");
    assertMatch(
      String((welcome.data as { connectionId: string }).connectionId),
      /-/,
    );
  } finally {
    child.kill("SIGTERM");
    await child.status;
    await drainedStderr.catch(() => {});
    await drainedStdout.catch(() => {});
  }
});
