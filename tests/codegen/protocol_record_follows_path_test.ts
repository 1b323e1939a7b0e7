import { join } from "node:path";
import { assert, assertEquals, assertMatch } from "../_helpers/assert.ts";
import {
  readGeneratedFiles,
  runCodegenCli,
  withTempDir,
  writeFiles,
} from "../_helpers/codegen_run.ts";

/** A poll at /poll; `name` is the interface's. */
function poll(name = "Poll", path = "/poll"): string {
  return `import type { Protocol } from "@wiretype/wiretype/define";

export interface ${name} extends Protocol<"${path}"> {
  client: { vote: { choice: string; note?: string } };
  server: { tally: { votes: number } };
}
`;
}

/** A second protocol, at /ballot. */
const BALLOT = `export interface Ballot extends Protocol<"/ballot"> {
  client: { cast: { choice: string } };
  server: { counted: { total: number } };
}
`;

/**
 * Generates revision 1 of `protocol/<file>` (without the optional `note`)
 * and revision 2 (with it), as the user in the report had them.
 */
async function twoRevisions(
  dir: string,
  file = "poll.ts",
  source = poll(),
): Promise<void> {
  const first = source.replace("; note?: string", "");
  await writeFiles(dir, { [`protocol/${file}`]: first });
  assertEquals((await runCodegenCli(["protocol/"], dir)).code, 0);
  await writeFiles(dir, { [`protocol/${file}`]: source });
  const second = await runCodegenCli(["protocol/"], dir);
  assertEquals(second.code, 0, second.stderr);
  assertMatch(second.stdout, /, revision 2 \(/);
}

interface RecordJson {
  protocol: string;
  line: number;
  revisions: { revision: number; version: string }[];
}

async function readRecord(dir: string, name: string): Promise<RecordJson> {
  return JSON.parse(
    await Deno.readTextFile(join(dir, "protocol", "gen", name)),
  );
}

async function genNames(dir: string): Promise<string[]> {
  return [...(await readGeneratedFiles(join(dir, "protocol", "gen"))).keys()];
}

/** The versions the generated server accepts besides its own. */
function compatibleVersions(protocolFile: string): string[] {
  const match = /compatibleVersions: \[(.*)\],/.exec(protocolFile);
  assert(match, "no compatibleVersions in the generated file");
  return JSON.parse(`[${match[1]}]`);
}

Deno.test("renaming the interface keeps its revisions and the versions its server accepts", async () => {
  await withTempDir(async (dir) => {
    await twoRevisions(dir);
    const before = await readRecord(dir, "poll_revisions.json");
    await writeFiles(dir, { "protocol/poll.ts": poll("Voting") });

    const check = await runCodegenCli(["--check", "protocol/"], dir);
    assertEquals(check.code, 1);
    const report = "protocol/poll.ts: Voting at /poll, revision 2 (version " +
      `${before.revisions[1].version}, compatibility line 1)\n` +
      "  renamed from Poll; record moved from protocol/gen/poll_revisions.json to protocol/gen/voting_revisions.json: the record follows the path /poll, revisions continue from 2\n";
    assert(check.stdout.startsWith(report), check.stdout);
    assertMatch(
      check.stdout,
      /^obsolete: protocol\/gen\/poll_revisions\.json$/m,
    );

    const run = await runCodegenCli(["protocol/"], dir);
    assertEquals(run.code, 0, run.stderr);
    assert(run.stdout.startsWith(report), run.stdout);
    const after = await readRecord(dir, "voting_revisions.json");
    assertEquals(after.protocol, "Voting");
    assertEquals(after.line, 1);
    assertEquals(after.revisions, before.revisions);
    assert(!(await genNames(dir)).includes("poll_revisions.json"));
    const info = await Deno.readTextFile(
      join(dir, "protocol", "gen", "poll_protocol.ts"),
    );
    assertEquals(compatibleVersions(info), [before.revisions[0].version]);
    assertEquals((await runCodegenCli(["--check", "protocol/"], dir)).code, 0);
  });
});

Deno.test("renaming the protocol file carries its record over", async () => {
  await withTempDir(async (dir) => {
    await twoRevisions(dir);
    const before = await readRecord(dir, "poll_revisions.json");
    await Deno.rename(
      join(dir, "protocol", "poll.ts"),
      join(dir, "protocol", "voting.ts"),
    );
    const run = await runCodegenCli(["protocol/"], dir);
    assertEquals(run.code, 0, run.stderr);
    assert(
      run.stdout.includes(
        "protocol/voting.ts: Poll at /poll, revision 2 (version " +
          `${before.revisions[1].version}, compatibility line 1)\n` +
          "  moved from protocol/poll.ts: the record follows the path /poll, revisions continue from 2\n",
      ),
      run.stdout,
    );
    assertEquals(
      (await readRecord(dir, "poll_revisions.json")).revisions,
      before.revisions,
    );
    assertEquals(
      (await genNames(dir)).filter((name) => name.startsWith("poll_")),
      ["poll_revisions.json"],
    );
  });
});

Deno.test("renaming one of two protocols in a file, and moving it to another file, keeps both records", async () => {
  await withTempDir(async (dir) => {
    await twoRevisions(dir, "polls.ts", `${poll()}\n${BALLOT}`);
    const pollBefore = await readRecord(dir, "poll_revisions.json");
    const ballotBefore = await readRecord(dir, "ballot_revisions.json");
    await Deno.remove(join(dir, "protocol", "polls.ts"));
    await writeFiles(dir, {
      "protocol/polls.ts": `${poll()}\n${BALLOT.replaceAll("Ballot", "Vote")}`,
    });
    const renamed = await runCodegenCli(["protocol/"], dir);
    assertEquals(renamed.code, 0, renamed.stderr);
    assertMatch(renamed.stdout, /^ {2}renamed from Ballot; record moved/m);
    assertEquals(
      (await readRecord(dir, "vote_revisions.json")).revisions,
      ballotBefore.revisions,
    );
    assertEquals(
      (await readRecord(dir, "poll_revisions.json")).revisions,
      pollBefore.revisions,
    );

    await writeFiles(dir, {
      "protocol/polls.ts": `${poll()}\n`,
      "protocol/votes.ts":
        `import type { Protocol } from "@wiretype/wiretype/define";\n\n${
          BALLOT.replaceAll("Ballot", "Vote")
        }`,
    });
    const moved = await runCodegenCli(["protocol/"], dir);
    assertEquals(moved.code, 0, moved.stderr);
    assertMatch(
      moved.stdout,
      /^protocol\/votes\.ts: Vote at \/ballot, revision 1 .*\n {2}moved from protocol\/polls\.ts: the record follows the path \/ballot/m,
    );
    assertEquals(
      (await readRecord(dir, "vote_revisions.json")).revisions,
      ballotBefore.revisions,
    );
  });
});

Deno.test("deleting a protocol is refused without --accept-breaking, naming what happens to its clients", async () => {
  await withTempDir(async (dir) => {
    await twoRevisions(dir, "polls.ts", `${poll()}\n${BALLOT}`);
    await writeFiles(dir, { "protocol/polls.ts": `${poll()}\n` });
    const before = await readGeneratedFiles(join(dir, "protocol", "gen"));
    const error =
      "error: protocol/gen/ballot_revisions.json: breaking change: no protocol is served at /ballot any more, but the record of Ballot (from protocol/polls.ts) is there: clients of revision(s) 1 still connect to /ballot, which nothing would serve: they get 404 and keep retrying. Fix: if you renamed Ballot, keep its path /ballot (the record follows the path, not the name or the file); if you moved it to another protocol directory, move protocol/gen/ballot_revisions.json into that directory's gen/ folder too; to retire it, accept it with `deno run -A jsr:@wiretype/wiretype/codegen --accept-breaking protocol/`, which removes its record\n";
    const report =
      "protocol/gen/ballot_revisions.json: Ballot at /ballot is no longer defined (revision(s) 1)\n" +
      "  refused: clients of revision(s) 1 still connect to /ballot, which nothing would serve: they get 404 and keep retrying; nothing was written\n";
    for (const args of [["protocol/"], ["--check", "protocol/"]]) {
      const run = await runCodegenCli(args, dir);
      assertEquals(run.code, 1, args.join(" "));
      assertEquals(run.stderr, error);
      assert(run.stdout.includes(report), run.stdout);
    }
    assertEquals(
      await readGeneratedFiles(join(dir, "protocol", "gen")),
      before,
    );

    const accepted = await runCodegenCli(
      ["--accept-breaking", "protocol/"],
      dir,
    );
    assertEquals(accepted.code, 0, accepted.stderr);
    assert(
      accepted.stdout.includes(
        "  accepted: its record protocol/gen/ballot_revisions.json is removed; clients of revision(s) 1 still connect to /ballot, which nothing serves: they get 404 and keep retrying\n",
      ),
      accepted.stdout,
    );
    assert(!(await genNames(dir)).includes("ballot_revisions.json"));
    assertEquals((await runCodegenCli(["--check", "protocol/"], dir)).code, 0);
  });
});

Deno.test("a changed path is refused: old clients would get 404 at the old one", async () => {
  await withTempDir(async (dir) => {
    await twoRevisions(dir);
    await writeFiles(dir, { "protocol/poll.ts": poll("Poll", "/vote") });
    const run = await runCodegenCli(["protocol/"], dir);
    assertEquals(run.code, 1);
    assertMatch(run.stdout, /breaking {2}PATH_CHANGED .* \/poll -> \/vote/);
    assertMatch(
      run.stderr,
      /^error: protocol\/poll\.ts:\d+:\d+: breaking change to Poll for clients of revision\(s\) 1, 2: protocol: \/poll -> \/vote \(PATH_CHANGED: old clients connect to the old path\)\. Fix: serve a second protocol at the new path and keep the old one; or accept it with `.*--accept-breaking protocol\/`, which starts a new compatibility line: clients of revision\(s\) 1, 2 are then left connecting to \/poll, which nothing serves: they get 404 and keep retrying\n$/,
    );
    assertEquals((await runCodegenCli(["--check", "protocol/"], dir)).code, 1);
  });
});

Deno.test("renaming a protocol and changing its path at once is refused as a removal", async () => {
  await withTempDir(async (dir) => {
    await twoRevisions(dir);
    await writeFiles(dir, { "protocol/poll.ts": poll("Voting", "/vote") });
    const run = await runCodegenCli(["protocol/"], dir);
    assertEquals(run.code, 1);
    assertMatch(
      run.stderr,
      /^error: protocol\/gen\/poll_revisions\.json: breaking change: no protocol is served at \/poll any more.* Fix: if you renamed Poll, keep its path \/poll /,
    );
    assert((await genNames(dir)).includes("poll_revisions.json"));
    assert(!(await genNames(dir)).includes("voting_revisions.json"));
  });
});
