/**
 * Bundles the demo's browser app (`web/main.tsx`: React, the generated chat
 * and notifications clients, the wiretype hooks) into `static/app.js`, and
 * copies `web/index.html` beside it. No CDN: the demo serves both itself.
 * The bundle is minified, which also selects React's production build.
 *
 * Run `deno run -A examples/chat/web/build.ts` after changing the web app or
 * regenerating the clients; `--check` only reports (exit 1) whether the
 * checked-in files are stale, for CI.
 *
 * @module
 */

const WEB_DIR = new URL("./", import.meta.url);
const STATIC_DIR = new URL("../static/", import.meta.url);
const REPO_ROOT = new URL("../../../", import.meta.url);

/** The files the demo serves, by name, as the build makes them. */
export type DemoBundle = Record<"app.js" | "index.html", Uint8Array>;

/**
 * Bundles the app in memory; throws with deno bundle's output when bundling
 * fails. Bundling is deterministic: same sources, same bytes.
 *
 * @example
 * ```ts
 * const files = await bundleDemo();
 * files["app.js"].length; // about 250 kB
 * ```
 */
export async function bundleDemo(): Promise<DemoBundle> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: [
      "bundle",
      "--quiet",
      "--platform=browser",
      "--minify",
      new URL("main.tsx", WEB_DIR).pathname,
    ],
    // deno.json (the import map) is found from the working directory.
    cwd: REPO_ROOT.pathname,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!output.success) {
    throw new Error(
      `deno bundle failed:\n${new TextDecoder().decode(output.stderr)}`,
    );
  }
  return {
    "app.js": output.stdout,
    "index.html": await Deno.readFile(new URL("index.html", WEB_DIR)),
  };
}

/**
 * Writes `static/app.js` and `static/index.html`.
 *
 * @example
 * ```ts
 * import { buildDemoBundle } from "./examples/chat/web/build.ts";
 * await buildDemoBundle();
 * ```
 */
export async function buildDemoBundle(): Promise<void> {
  const files = await bundleDemo();
  await Deno.mkdir(STATIC_DIR, { recursive: true });
  for (const [name, bytes] of Object.entries(files)) {
    await Deno.writeFile(new URL(name, STATIC_DIR), bytes);
  }
}

/**
 * The names of the served files that differ from a fresh build.
 *
 * @example
 * ```ts
 * (await staleDemoFiles()).length === 0; // true when up to date
 * ```
 */
export async function staleDemoFiles(): Promise<string[]> {
  const stale: string[] = [];
  for (const [name, bytes] of Object.entries(await bundleDemo())) {
    let current: Uint8Array;
    try {
      current = await Deno.readFile(new URL(name, STATIC_DIR));
    } catch {
      stale.push(name);
      continue;
    }
    if (
      current.length !== bytes.length || current.some((b, i) => b !== bytes[i])
    ) {
      stale.push(name);
    }
  }
  return stale;
}

if (import.meta.main) {
  if (Deno.args.includes("--check")) {
    const stale = await staleDemoFiles();
    if (stale.length > 0) {
      console.error(
        `examples/chat/static/${
          stale.join(", ")
        } stale: run deno run -A examples/chat/web/build.ts`,
      );
      Deno.exit(1);
    }
  } else {
    await buildDemoBundle();
    console.log(`wrote ${STATIC_DIR.pathname}app.js and index.html`);
  }
}
