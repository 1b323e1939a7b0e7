/**
 * Formats TypeScript or JSON (`extension` `ts` or `json`) with the running
 * Deno's own formatter (`deno fmt -`), so generated files pass
 * `deno fmt --check` in the user's project and are byte-identical for the
 * same input and Deno version.
 */
export async function formatSource(
  text: string,
  extension: "ts" | "json",
  cwd: string,
): Promise<string> {
  const command = new Deno.Command(Deno.execPath(), {
    args: ["fmt", "--ext", extension, "-"],
    cwd,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  });
  const child = command.spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(text));
  await writer.close();
  const { code, stdout, stderr } = await child.output();
  if (code !== 0) {
    throw new Error(
      `deno fmt could not format generated code (a wiretype codegen bug): ${
        new TextDecoder().decode(stderr)
      }`,
    );
  }
  return new TextDecoder().decode(stdout);
}
