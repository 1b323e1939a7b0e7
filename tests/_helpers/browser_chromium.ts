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
export async function launchChromium(
  options: {
    /** The browser's environment, e.g. a `HOME` holding a test CA (see `trustedCaHome`). */
    readonly env?: Record<string, string>;
  } = {},
): Promise<Browser> {
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
    ...(options.env === undefined
      ? {}
      : { env: { ...Deno.env.toObject(), ...options.env } }),
  });
}

const REPO_ROOT = new URL("../../", import.meta.url);

/**
 * Bundles a browser entry point (TSX allowed) into one script. Unminified
 * bundles use React's development build, where strict mode double-mounts.
 * `react` picks another React major than deno.json's (e.g. `"^18.3.1"`), to
 * check the hooks against both majors they support.
 *
 * @example
 * ```ts
 * const script = await bundleForBrowser(new URL("./page.tsx", import.meta.url), { react: "^18.3.1" });
 * ```
 */
export async function bundleForBrowser(
  entry: URL,
  options: { minify?: boolean; react?: string } = {},
): Promise<string> {
  const directory = await Deno.makeTempDir({ prefix: "wiretype-bundle-" });
  try {
    const importMap = `${directory}/import_map.json`;
    if (options.react !== undefined) {
      await Deno.writeTextFile(
        importMap,
        await importMapWithReact(options.react),
      );
    }
    const output = await new Deno.Command(Deno.execPath(), {
      args: [
        "bundle",
        "--quiet",
        "--platform=browser",
        ...(options.minify ? ["--minify"] : []),
        // Without deno.json, React's own packages resolve their peer
        // `react` to the same major instead of deno.json's.
        ...(options.react !== undefined
          ? ["--no-config", "--no-lock", "--import-map", importMap]
          : []),
        entry.pathname,
      ],
      cwd: REPO_ROOT.pathname,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const decoder = new TextDecoder();
    if (!output.success) {
      throw new Error(`deno bundle failed: ${decoder.decode(output.stderr)}`);
    }
    return decoder.decode(output.stdout);
  } finally {
    await Deno.remove(directory, { recursive: true });
  }
}

/**
 * deno.json's import map and the package's own entry points (which the
 * workspace resolves by name: `@wiretype/wiretype/react`, the generated
 * files' `@wiretype/wiretype/codegen-runtime`), paths made absolute, with
 * React at `version`.
 */
async function importMapWithReact(version: string): Promise<string> {
  const config = JSON.parse(
    await Deno.readTextFile(new URL("deno.json", REPO_ROOT)),
  ) as {
    name: string;
    exports: Record<string, string>;
    imports: Record<string, string>;
  };
  const imports: Record<string, string> = {};
  const entries = Object.entries(config.exports).map((
    [subpath, target],
  ) => [config.name + subpath.slice(1), target]);
  for (
    const [name, target] of [...entries, ...Object.entries(config.imports)]
  ) {
    imports[name] = target.startsWith("./")
      ? new URL(target, REPO_ROOT).href
      : target;
  }
  for (const subpath of ["", "/jsx-runtime", "/jsx-dev-runtime"]) {
    imports[`react${subpath}`] = `npm:react@${version}${subpath}`;
  }
  for (const subpath of ["", "/client"]) {
    imports[`react-dom${subpath}`] = `npm:react-dom@${version}${subpath}`;
  }
  return JSON.stringify({ imports });
}

/** Where tests leave screenshots and other artefacts (gitignored). */
export const ARTIFACTS_DIR = new URL("../_artifacts/", import.meta.url);
