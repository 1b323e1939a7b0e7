import type { Page } from "playwright-core";
import { assertEquals } from "../_helpers/assert.ts";
import {
  bundleForBrowser,
  launchChromium,
} from "../_helpers/browser_chromium.ts";
import {
  type ChatPeer,
  startChatPeer,
  waitUntil,
} from "../_helpers/client_chat_peer.ts";
import {
  startStreamPeer,
  type StreamPeer,
} from "../_helpers/client_stream_peer.ts";

const message = {
  id: "4f1c2a8e-5b7d-4c3e-9a1f-2b3c4d5e6f70",
  room: "general",
  user: "ada",
  text: "hello",
  sentAt: "2026-01-01T12:00:00Z",
};

const REACT_MAJORS = [
  { major: "19", react: undefined }, // deno.json's React
  { major: "18", react: "^18.3.1" },
] as const;

const scripts = new Map<string, Promise<string>>();

/** Loads the hooks page (React development build, strict mode) against a chat peer. */
function withHooksPage(
  major: typeof REACT_MAJORS[number],
  run: (page: Page, peer: ChatPeer) => Promise<void>,
): Promise<void> {
  return withPeerPage(major, startChatPeer, run);
}

/** Loads the hooks page against a peer that keeps stream positions and answers recover. */
function withRecoveryPage(
  major: typeof REACT_MAJORS[number],
  run: (page: Page, peer: StreamPeer) => Promise<void>,
): Promise<void> {
  return withPeerPage(major, startStreamPeer, run);
}

async function withPeerPage<
  Peer extends { url: string; stop(): Promise<void> },
>(
  major: typeof REACT_MAJORS[number],
  startPeer: () => Promise<Peer>,
  run: (page: Page, peer: Peer) => Promise<void>,
): Promise<void> {
  if (!scripts.has(major.major)) {
    scripts.set(
      major.major,
      bundleForBrowser(new URL("./_fixtures/hooks_page.tsx", import.meta.url), {
        react: major.react,
      }),
    );
  }
  const script = await scripts.get(major.major)!;
  const peer = await startPeer();
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.setContent(
      `<div id="root"></div><script>PEER_URL = ${
        JSON.stringify(peer.url)
      }</script>`,
    );
    await page.addScriptTag({ content: script, type: "module" });
    const version = await page.textContent("[data-testid=react-version]");
    assertEquals(version?.split(".")[0], major.major);
    await run(page, peer);
  } finally {
    await browser.close();
    await peer.stop();
  }
}

/** Gives a leaking implementation time to open or keep sockets it should not. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 300));
}

for (const major of REACT_MAJORS) {
  Deno.test(`React ${major.major}: useSocket under strict mode's double mount opens one socket and shows the state`, async () => {
    await withHooksPage(major, async (page, peer) => {
      await page.waitForSelector("[data-testid=first][data-state=open]");
      await settle();
      assertEquals([peer.connections, peer.openSockets], [1, 1]);
    });
  });

  Deno.test(`React ${major.major}: useEvent delivers typed events to the mounted component`, async () => {
    await withHooksPage(major, async (page, peer) => {
      await page.waitForSelector("[data-testid=first][data-state=open]");
      peer.sendRaw(JSON.stringify({ type: "message", data: message }));
      await page.waitForSelector('[data-testid=first]:has-text("open: hello")');
    });
  });

  Deno.test(`React ${major.major}: the socket closes after the last component using the client unmounts, and reopens on remount`, async () => {
    await withHooksPage(major, async (page, peer) => {
      await page.waitForSelector("[data-testid=first][data-state=open]");
      await page.click("[data-testid=toggle-second]");
      await page.waitForSelector("[data-testid=second][data-state=open]");
      await page.click("[data-testid=toggle-first]");
      await settle();
      // One component still uses the client: the socket stays.
      assertEquals([peer.connections, peer.openSockets], [1, 1]);
      await page.click("[data-testid=toggle-second]");
      await waitUntil(
        () => peer.openSockets === 0,
        "the socket to close after the last unmount",
      );
      await page.click("[data-testid=toggle-first]");
      await page.waitForSelector("[data-testid=first][data-state=open]");
      await settle();
      assertEquals([peer.connections, peer.openSockets], [2, 1]);
    });
  });

  Deno.test(`React ${major.major}: after a reconnect useSocket's open state says whether it recovered, and useRecovery calls back with each result`, async () => {
    await withRecoveryPage(major, async (page, peer) => {
      await page.waitForSelector("[data-testid=first][data-state=open]");
      await page.click("[data-testid=show-recovery]");
      await peer.frame((frame) => frame.envelope.type === "join", "join");
      peer.publish("general", "before");
      await page.waitForSelector('[data-testid=first]:has-text("before")');
      peer.publish("general", "missed", false);
      await peer.closeAll();
      await page.waitForSelector("[data-testid=recovery][data-recovered=true]");
      await page.waitForSelector(
        '[data-testid=first]:has-text("before,missed")',
      );
      peer.loseHistory("general");
      await peer.closeAll();
      await page.waitForSelector(
        "[data-testid=recovery][data-recovered=false]",
      );
      assertEquals(
        await page.textContent("[data-testid=recovery]"),
        "reconnect:true,reconnect:false",
      );
    });
  });
}
