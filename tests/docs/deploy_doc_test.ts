import { assert } from "../_helpers/assert.ts";
import {
  HAPROXY_CONFIG_FILE,
  NGINX_SITE_FILE,
} from "../_helpers/topology_proxy.ts";

const DEPLOY = new URL("../../docs/DEPLOY.md", import.meta.url);
const README = new URL("../../README.md", import.meta.url);

/** Whether `markdown` shows `file` as one fenced block of `language`, unchanged. */
async function showsVerbatim(
  markdown: string,
  language: string,
  file: URL,
): Promise<boolean> {
  return markdown.includes(
    "```" + language + "\n" + await Deno.readTextFile(file) + "```\n",
  );
}

Deno.test("docs/DEPLOY.md shows the nginx configuration the topology test runs, unchanged", async () => {
  assert(
    await showsVerbatim(
      await Deno.readTextFile(DEPLOY),
      "nginx",
      NGINX_SITE_FILE,
    ),
    "docs/DEPLOY.md and docs/deploy/nginx.conf differ: copy the file into the nginx block",
  );
});

Deno.test("docs/DEPLOY.md shows the HAProxy configuration the topology test runs, unchanged", async () => {
  assert(
    await showsVerbatim(
      await Deno.readTextFile(DEPLOY),
      "haproxy",
      HAPROXY_CONFIG_FILE,
    ),
    "docs/DEPLOY.md and docs/deploy/haproxy.cfg differ: copy the file into the haproxy block",
  );
});

Deno.test("the README links docs/DEPLOY.md", async () => {
  assert((await Deno.readTextFile(README)).includes("](docs/DEPLOY.md)"));
});
