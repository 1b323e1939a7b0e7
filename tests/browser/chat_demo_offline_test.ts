import type { Browser, BrowserContext, Page } from "playwright-core";
import { chatProtocolInfo } from "../../protocol/gen/chat_protocol.ts";
import { assertEquals } from "../_helpers/assert.ts";
import { launchChromium } from "../_helpers/browser_chromium.ts";
import { startDemoServer } from "../_helpers/browser_demo_server.ts";
import { startCuttableProxy } from "../_helpers/tcp_cut_proxy.ts";

const SECRET = "browser-test-secret-0123456789abcdef";
const UI_TIMEOUT_MS = 30_000;
/**
 * How long the tab stays offline at least: a blip of a few seconds, over
 * which the page's client retries and fails several times (its backoff
 * starts at 250 ms) and must keep its positions through every failure.
 */
const OFFLINE_MS = 3_000;
const SAID_WHILE_OFFLINE = 6;

/**
 * What a page's chat connections carried, read from the browser's own
 * WebSocket frames: the `history` requests the page sent, and the text of
 * every `message` event it received, duplicates included (the page itself
 * merges messages by id, so its list alone would hide a message sent twice).
 */
class ChatTraffic {
  historyRequests = 0;
  readonly messagesReceived: string[] = [];
  readonly #waiting = new Map<string, () => void>();

  constructor(page: Page) {
    page.on("websocket", (socket) => {
      if (new URL(socket.url()).pathname !== chatProtocolInfo.path) return;
      socket.on("framesent", ({ payload }) => {
        if (envelope(payload)?.type === "history") this.historyRequests++;
      });
      socket.on("framereceived", ({ payload }) => {
        const frame = envelope(payload);
        if (frame?.type !== "message") return;
        const text = (frame.data as { text: string }).text;
        this.messagesReceived.push(text);
        this.#waiting.get(text)?.();
      });
    });
  }

  /** Resolves once a `message` frame with `text` has arrived. */
  received(text: string): Promise<void> {
    if (this.messagesReceived.includes(text)) return Promise.resolve();
    return new Promise((resolve) => this.#waiting.set(text, resolve));
  }
}

function envelope(
  payload: unknown,
): { type: string; data: unknown } | undefined {
  if (typeof payload !== "string") return undefined;
  return JSON.parse(payload);
}

async function signIn(
  context: BrowserContext,
  url: string,
  name: string,
): Promise<{ page: Page; traffic: ChatTraffic }> {
  const page = await context.newPage();
  page.setDefaultTimeout(UI_TIMEOUT_MS);
  const traffic = new ChatTraffic(page);
  await page.goto(url);
  await page.fill("[data-testid=name]", name);
  await page.click("[data-testid=login]");
  await page.waitForSelector("[data-testid=chat-state][data-state=open]");
  return { page, traffic };
}

async function say(page: Page, text: string): Promise<void> {
  await page.fill("[data-testid=text]", text);
  await page.click("[data-testid=send]");
}

async function sees(page: Page, text: string): Promise<void> {
  await page.waitForSelector(`[data-testid=messages] li:has-text("${text}")`);
}

/** The texts of the room's message list, top to bottom, that are in `said`. */
async function shown(page: Page, said: readonly string[]): Promise<string[]> {
  const items = await page.locator("[data-testid=messages] li")
    .allTextContents();
  return items
    .map((item) => said.find((text) => item.endsWith(` ${text}`)))
    .filter((text) => text !== undefined);
}

Deno.test("a demo tab offline for a few seconds shows the messages said meanwhile, once each and in order, recovered without refetching the room's history", async () => {
  const demo = await startDemoServer({ secret: SECRET });
  // Alice's tab reaches the demo through a cable the test can pull; Bob's
  // goes straight to it.
  const cable = startCuttableProxy(demo.port);
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const aliceContext = await browser.newContext();
    const alice = await signIn(aliceContext, cable.url, "alice");
    const bob = await signIn(await browser.newContext(), demo.url, "bob");
    await alice.page.waitForSelector(
      '[data-testid=presence] li:has-text("bob")',
    );
    await bob.page.waitForSelector(
      '[data-testid=presence] li:has-text("alice")',
    );
    // A run's texts are its own, so nothing else can stand in for them.
    const tag = crypto.randomUUID().slice(0, 8);
    await say(bob.page, `before ${tag}`);
    await sees(alice.page, `before ${tag}`);
    // The page fetched the room's history once, when it joined.
    assertEquals(alice.traffic.historyRequests, 1);
    // A reload would start a new document with a new time origin.
    const document = await alice.page.evaluate(() => performance.timeOrigin);

    // Offline: the page's requests fail and its open sockets drop without
    // a close frame. Chromium's emulation alone keeps WebSockets running.
    const wentOffline = Date.now();
    await aliceContext.setOffline(true);
    cable.cut();
    await alice.page.waitForSelector(
      "[data-testid=chat-state][data-state=reconnecting]",
    );
    // The server saw alice go before anything is said.
    await bob.page.waitForSelector(
      '[data-testid=presence]:not(:has-text("alice"))',
    );
    const said = Array.from(
      { length: SAID_WHILE_OFFLINE },
      (_, index) => `offline ${index + 1} ${tag}`,
    );
    for (const text of said) {
      await say(bob.page, text);
      await sees(bob.page, text);
    }
    const rest = OFFLINE_MS - (Date.now() - wentOffline);
    if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
    // Still disconnected: every reconnect attempt so far failed.
    await alice.page.waitForSelector(
      "[data-testid=chat-state][data-state=reconnecting]",
    );
    const historyRequestsBefore = alice.traffic.historyRequests;

    // Back online: the page's `online` handler reconnects at once.
    cable.restore();
    await aliceContext.setOffline(false);
    const badge = await alice.page.waitForSelector(
      "[data-testid=chat-state][data-state=open][data-recovered]",
    );
    assertEquals(
      await badge.getAttribute("data-recovered"),
      "true",
      "the room was recovered",
    );
    for (const text of said) await sees(alice.page, text);

    // A newer message follows the replay; by the time it arrived, a history
    // request made on recovery would have been seen.
    await say(bob.page, `after ${tag}`);
    await alice.traffic.received(`after ${tag}`);
    await sees(alice.page, `after ${tag}`);

    const expected = [`before ${tag}`, ...said, `after ${tag}`];
    assertEquals(await shown(alice.page, expected), expected);
    assertEquals(
      alice.traffic.messagesReceived.filter((text) => text.endsWith(tag)),
      expected,
      "each message reached the tab exactly once",
    );
    assertEquals(
      alice.traffic.historyRequests - historyRequestsBefore,
      0,
      "a recovered room needs no history request",
    );
    assertEquals(
      await alice.page.evaluate(() => performance.timeOrigin),
      document,
      "the page was not reloaded",
    );
  } finally {
    await browser?.close();
    await cable.close();
    await demo.kill();
  }
});
