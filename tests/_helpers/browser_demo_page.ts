/**
 * What a user does on the chat demo's page in Chromium: sign in, send a
 * message, see one arrive. The selectors are the page's `data-testid`s.
 *
 * @module
 */
import type { Browser, BrowserContextOptions, Page } from "playwright-core";

/** How long a step on the page may take before the test fails. */
export const UI_TIMEOUT_MS = 20_000;

/**
 * Opens the demo at `url` in a new browser context and signs in as `name`;
 * resolves once the chat connection shows open.
 *
 * @example
 * ```ts
 * const alice = await signIn(browser, demo.url, "alice");
 * ```
 */
export async function signIn(
  browser: Browser,
  url: string,
  name: string,
  contextOptions: BrowserContextOptions = {},
): Promise<Page> {
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  page.setDefaultTimeout(UI_TIMEOUT_MS);
  await page.goto(url);
  await page.fill("[data-testid=name]", name);
  await page.click("[data-testid=login]");
  await page.waitForSelector("[data-testid=chat-state][data-state=open]");
  return page;
}

/**
 * Types `text` and sends it.
 *
 * @example
 * ```ts
 * await say(alice, "hello");
 * ```
 */
export async function say(page: Page, text: string): Promise<void> {
  await page.fill("[data-testid=text]", text);
  await page.click("[data-testid=send]");
}

/**
 * Resolves once a message with `text` is listed on the page.
 *
 * @example
 * ```ts
 * await sees(bob, "hello");
 * ```
 */
export async function sees(page: Page, text: string): Promise<void> {
  await page.waitForSelector(`[data-testid=messages] li:has-text("${text}")`);
}
