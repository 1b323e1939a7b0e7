/**
 * Starts Debian's headless Chromium through `npm:playwright-core` (no
 * browser download) and bundles test pages with `deno bundle`.
 *
 * @module
 */
import { type Browser, chromium } from "playwright-core";

const CHROMIUM_PATH = "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Launches headless Chromium from `/usr/bin/chromium`; fails with the
 * install command when it is missing, never skips.
 *
 * @example
 * ```ts
 * const browser = await launchChromium();
 * try {
 *   const page = await browser.newPage();
 * } finally {
 *   await browser.close();
 * }
 * ```
 */
export async function launchChromium(): Promise<Browser> {
  try {
    await Deno.stat(CHROMIUM_PATH);
  } catch {
    throw new Error(
      `${CHROMIUM_PATH} is missing: run \`apt-get install -y chromium\` (CI installs it with apt-get)`,
    );
  }
  return await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
  });
}

/**
 * Bundles a browser entry point (TSX allowed) into one script. Unminified
 * bundles use React's development build, where strict mode double-mounts.
 *
 * @example
 * ```ts
 * const script = await bundleForBrowser(new URL("./page.tsx", import.meta.url));
 * ```
 */
export async function bundleForBrowser(
  entry: URL,
  options: { minify?: boolean } = {},
): Promise<string> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: [
      "bundle",
      "--quiet",
      "--platform=browser",
      ...(options.minify ? ["--minify"] : []),
      entry.pathname,
    ],
    cwd: new URL("../../", import.meta.url).pathname,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  if (!output.success) {
    throw new Error(`deno bundle failed: ${decoder.decode(output.stderr)}`);
  }
  return decoder.decode(output.stdout);
}

/** Where tests leave screenshots and other artefacts (gitignored). */
export const ARTIFACTS_DIR = new URL("../_artifacts/", import.meta.url);
