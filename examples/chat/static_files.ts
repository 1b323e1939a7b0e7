const STATIC_DIR = new URL("./static/", import.meta.url);
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  png: "image/png",
  svg: "image/svg+xml",
  map: "application/json",
};
const FILE_NAME = /^[a-z0-9_-]+\.(html|js|css|png|svg|map)$/;

/**
 * Serves the demo page from `static/` (`/` is `index.html`). Only plain file
 * names are served, so no path can climb out of the folder.
 */
export async function serveStatic(
  request: Request,
): Promise<Response | undefined> {
  if (request.method !== "GET" && request.method !== "HEAD") return undefined;
  const name = new URL(request.url).pathname.slice(1) || "index.html";
  const match = FILE_NAME.exec(name);
  if (match === null) return undefined;
  try {
    const body = await Deno.readFile(new URL(name, STATIC_DIR));
    return new Response(request.method === "HEAD" ? null : body, {
      headers: {
        "content-type": CONTENT_TYPES[match[1]],
        "cache-control": "no-cache",
      },
    });
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}
