import { assert, assertEquals, assertMatch } from "../_helpers/assert.ts";
import { type Host, type MissingPeer, planInstall } from "./install_plan.ts";
import {
  DEBIAN_PYTHON,
  findOnPath,
  isExecutableFile,
  nodeMajorVersion,
  PEERS,
  pythonCanImport,
} from "./peers.ts";

const REDIS: MissingPeer = {
  program: "redis-server",
  debianPackage: "redis-server",
  neededBy: "the Redis tests",
};
const PYTHON_WEBSOCKETS: MissingPeer = {
  program: "Python's websockets",
  debianPackage: "python3-websockets",
  neededBy: "the Python interop test",
};
const DEBIAN_ROOT: Host = {
  isRoot: true,
  hasAptGet: true,
  hasSudo: false,
  nodeMajorVersion: 20,
};
const SCRIPT = new URL("./install_peers.ts", import.meta.url).pathname;

Deno.test("nothing is installed when every peer and Node are present", () => {
  assertEquals(planInstall([], DEBIAN_ROOT), { kind: "ready" });
});

Deno.test("as root, apt-get updates then installs exactly the missing packages, non-interactively", () => {
  const plan = planInstall([REDIS, PYTHON_WEBSOCKETS], DEBIAN_ROOT);
  assert(plan.kind === "install");
  assertEquals(plan.commands, [
    ["apt-get", "update", "-q"],
    [
      "env",
      "DEBIAN_FRONTEND=noninteractive",
      "apt-get",
      "install",
      "-y",
      "-q",
      "redis-server",
      "python3-websockets",
    ],
  ]);
  assertMatch(plan.notice, /redis-server: redis-server for the Redis tests/);
  assertMatch(plan.notice, /python3-websockets: .* Python interop test/);
});

Deno.test("a user who is not root installs through sudo", () => {
  const plan = planInstall([REDIS], {
    ...DEBIAN_ROOT,
    isRoot: false,
    hasSudo: true,
  });
  assert(plan.kind === "install");
  assertEquals(plan.commands.map((command) => command[0]), ["sudo", "sudo"]);
  assertMatch(plan.notice, /through sudo/);
});

Deno.test("without root or sudo the user is told the apt-get command to run as root", () => {
  const plan = planInstall([REDIS], { ...DEBIAN_ROOT, isRoot: false });
  assert(plan.kind === "cannot-install");
  assertMatch(plan.message, /apt-get install -y redis-server` as root/);
});

Deno.test("without apt-get the user is told which packages to install", () => {
  const plan = planInstall([REDIS, PYTHON_WEBSOCKETS], {
    ...DEBIAN_ROOT,
    hasAptGet: false,
  });
  assert(plan.kind === "cannot-install");
  assertMatch(
    plan.message,
    /redis-server, Python's websockets are missing.*no apt-get.*install redis-server, python3-websockets/,
  );
});

Deno.test("a missing or old Node stops the set-up before anything is installed", () => {
  for (const nodeMajorVersion of [undefined, 18]) {
    const plan = planInstall([REDIS], { ...DEBIAN_ROOT, nodeMajorVersion });
    assert(plan.kind === "cannot-install");
    assertMatch(plan.message, /install Node\.js 20 or newer/);
    assertMatch(plan.message, /apt-get install -y redis-server/);
  }
});

Deno.test("findOnPath finds an executable in PATH's directories and ignores the rest", async () => {
  const empty = await Deno.makeTempDir();
  const withProgram = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${withProgram}/not-executable`, "");
    await Deno.writeTextFile(`${withProgram}/redis-server`, "#!/bin/sh\n", {
      mode: 0o755,
    });
    assertEquals(await findOnPath("redis-server", empty), undefined);
    assertEquals(
      await findOnPath("redis-server", `${empty}::${withProgram}`),
      `${withProgram}/redis-server`,
    );
    assertEquals(await findOnPath("not-executable", withProgram), undefined);
    assertEquals(await isExecutableFile(withProgram), false);
  } finally {
    await Deno.remove(empty, { recursive: true });
    await Deno.remove(withProgram, { recursive: true });
  }
});

Deno.test("pythonCanImport tells an importable module from a missing one or a missing Python", async () => {
  assertEquals(await pythonCanImport(DEBIAN_PYTHON, "json"), true);
  assertEquals(
    await pythonCanImport(DEBIAN_PYTHON, "no_such_module_wiretype"),
    false,
  );
  assertEquals(await pythonCanImport("/nonexistent/python3", "json"), false);
});

Deno.test("after set-up, the script finds every peer on this machine and does nothing", async () => {
  for (const peer of PEERS) assert(await peer.isPresent(), peer.program);
  const output = await runScript(Deno.env.get("PATH") ?? "");
  assertEquals(output.code, 0, output.stderr);
  assertEquals(output.stderr, "");
});

Deno.test("on a machine without apt-get the script exits 1 naming the program and package", async () => {
  // A PATH with only node: no redis-server and no apt-get, as on a non-Debian machine.
  const directory = await Deno.makeTempDir();
  try {
    const node = await findOnPath("node", Deno.env.get("PATH") ?? "");
    assert(node !== undefined && await nodeMajorVersion() !== undefined);
    await Deno.symlink(await Deno.realPath(node), `${directory}/node`);
    const output = await runScript(directory);
    assertEquals(output.code, 1);
    assertMatch(
      output.stderr,
      /redis-server is missing, and this machine has no apt-get.*install redis-server/,
    );
  } finally {
    await Deno.remove(directory, { recursive: true });
  }
});

async function runScript(
  path: string,
): Promise<{ code: number; stderr: string }> {
  const { code, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-env",
      "--allow-read",
      "--allow-run",
      "--allow-sys=uid",
      SCRIPT,
    ],
    env: { PATH: path },
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).output();
  return { code, stderr: new TextDecoder().decode(stderr) };
}
