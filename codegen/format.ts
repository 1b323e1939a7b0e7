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
  // One pass is not always a fixed point (a `for` header or an `if` body
  // past the line width is split on the second), and `deno fmt --check`
  // wants one: format until nothing changes.
  let formatted = await formatOnce(text, extension, cwd);
  for (let pass = 0; pass < 3; pass++) {
    const again = await formatOnce(formatted, extension, cwd);
    if (again === formatted) break;
    formatted = again;
  }
  return formatted;
}

async function formatOnce(
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
