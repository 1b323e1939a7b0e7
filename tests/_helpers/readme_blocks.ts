/**
 * What the README tests read and run: the README's code blocks and `deno`
 * run from the repository's root.
 *
 * @module
 */

/** The repository's root folder. */
export const REPO = new URL("../../", import.meta.url).pathname;

/** The README's ```ts blocks, by their first line (`// server.ts`, ...), without it. */
export async function readmeBlocks(): Promise<Map<string, string>> {
  const readme = await Deno.readTextFile(`${REPO}README.md`);
  const blocks = new Map<string, string>();
  for (const match of readme.matchAll(/```ts\n(\/\/ [^\n]+)\n([\s\S]*?)```/g)) {
    blocks.set(match[1], match[2]);
  }
  return blocks;
}

/** The block whose first line is `firstLine`; throws naming it if the README has none. */
export function readmeBlock(
  blocks: Map<string, string>,
  firstLine: string,
): string {
  const text = blocks.get(firstLine);
  if (text === undefined) {
    throw new Error(`README.md has no \`\`\`ts block starting "${firstLine}"`);
  }
  return text;
}

/** Runs `deno <args>` in the repository's root, without colours. */
export async function denoInRepo(
  args: string[],
): Promise<{ code: number; output: string }> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: REPO,
    env: { NO_COLOR: "1" },
  }).output();
  const decoder = new TextDecoder();
  return { code, output: decoder.decode(stdout) + decoder.decode(stderr) };
}
