import type { Browser, Page } from "playwright-core";
import { chatProtocolInfo } from "../../protocol/gen/chat_protocol.ts";
import { notificationsProtocolInfo } from "../../protocol/gen/notifications_protocol.ts";
import { assert, assertEquals } from "../_helpers/assert.ts";
import { ARTIFACTS_DIR, launchChromium } from "../_helpers/browser_chromium.ts";
import {
  type DemoServer,
  startDemoServer,
} from "../_helpers/browser_demo_server.ts";
import {
  say,
  sees,
  signIn as signInToChat,
} from "../_helpers/browser_demo_page.ts";

const SECRET = "browser-test-secret-0123456789abcdef";
/** Signs in as `name` and waits for both of the demo's connections to open. */
async function signIn(
  browser: Browser,
  url: string,
  name: string,
): Promise<Page> {
  const page = await signInToChat(browser, url, name, {
    viewport: { width: 1100, height: 640 },
  });
  await page.waitForSelector(
    "[data-testid=notifications-state][data-state=open]",
  );
  return page;
}

Deno.test("the demo's checked-in bundle speaks the protocol versions in protocol/gen", async () => {
  const bundle = await Deno.readTextFile(
    new URL("../../examples/chat/static/app.js", import.meta.url),
  );
  for (
    const { name, version } of [chatProtocolInfo, notificationsProtocolInfo]
  ) {
    assert(
      bundle.includes(`"${version}"`),
      `examples/chat/static/app.js was built from another ${name} version: run deno run -A examples/chat/web/build.ts`,
    );
  }
});

Deno.test("two browser pages chat through the demo, see the server die and come back, and chat again", async () => {
  let demo: DemoServer = await startDemoServer({ secret: SECRET });
  const browser = await launchChromium();
  try {
    const alice = await signIn(browser, demo.url, "alice");
    const bob = await signIn(browser, demo.url, "bob");
    await alice.waitForSelector('[data-testid=presence] li:has-text("bob")');

    await say(alice, "hello bob");
    await sees(bob, "hello bob");
    await bob.fill("[data-testid=text]", "typing a reply");
    await alice.waitForSelector(
      '[data-testid=typing]:has-text("bob is typing")',
    );
    await bob.click("[data-testid=send]");
    await sees(alice, "typing a reply");
    // Alice was told that bob joined; acknowledging removes the notification.
    await alice.waitForSelector(
      '[data-testid=notifications] li:has-text("bob")',
    );
    const before = await alice.locator("[data-testid=ack]").count();
    await alice.locator("[data-testid=ack]").first().click();
    await alice.waitForFunction(
      (count) =>
        document.querySelectorAll("[data-testid=ack]").length === count - 1,
      before,
    );

    await demo.kill();
    for (const page of [alice, bob]) {
      await page.waitForSelector(
        "[data-testid=chat-state][data-state=reconnecting], [data-testid=chat-state][data-state=connecting]",
      );
    }
    // Sent while the server is down: queued, delivered after the reconnect.
    await say(alice, "sent while offline");
    demo = await startDemoServer({ port: demo.port, secret: SECRET });
    for (const page of [alice, bob]) {
      await page.waitForSelector("[data-testid=chat-state][data-state=open]");
    }
    await alice.waitForSelector('[data-testid=presence] li:has-text("bob")');
    await say(alice, "after the restart");
    await sees(bob, "after the restart");
    await say(bob, "welcome back");
    await sees(alice, "welcome back");
    await sees(alice, "sent while offline");
    assertEquals(
      await alice.locator("[data-testid=chat-state]").getAttribute(
        "data-state",
      ),
      "open",
    );

    // A richer picture for the docs: a newcomer's notification, bob typing.
    const carol = await signIn(browser, demo.url, "carol");
    await alice.waitForSelector(
      '[data-testid=notifications] li:has-text("carol")',
    );
    await alice.waitForSelector('[data-testid=presence] li:has-text("carol")');
    await say(carol, "hi both");
    await sees(alice, "hi both");
    await bob.fill("[data-testid=text]", "so the reconnect just worked?");
    await alice.waitForSelector(
      '[data-testid=typing]:has-text("bob is typing")',
    );

    await Deno.mkdir(ARTIFACTS_DIR, { recursive: true });
    const screenshot = await alice.screenshot({
      path: new URL("chat-demo.png", ARTIFACTS_DIR).pathname,
    });
    // The docs' picture changes only on request, so a test run leaves git clean.
    if (Deno.env.get("WIRETYPE_UPDATE_SCREENSHOT") === "1") {
      await Deno.writeFile(
        new URL("../../docs/screenshot-chat.png", import.meta.url),
        screenshot,
      );
    }
  } finally {
    await browser.close();
    await demo.kill();
  }
});
