import { join } from "node:path";
import { generate } from "../../codegen/generate.ts";
import { assertEquals } from "../_helpers/assert.ts";
import { REPO_ROOT, withTempDir, writeFiles } from "../_helpers/codegen_run.ts";

/** The demo, fixture (kitchen sink, fanout probe) and bench protocols. */
const PROTOCOL_DIRS = [
  "protocol",
  "tests/_fixtures/protocols",
  "bench/protocol",
] as const;

/**
 * Long names, long literal unions, a long pattern and a deep path: lines
 * the layout must break in each of the shapes it knows.
 */
const LONG_LINES_PROTOCOL =
  `import type { Protocol, Rpc } from "@wiretype/wiretype/define";

/** @pattern ^[a-z0-9][a-z0-9_-]{2,40}\\.(example|sample)\\.org$ */
export type VeryLongQualifiedHostnameOfTheNotificationRelayServer = string;

export type AnExceedinglyVerboseStatusNameThatNeedsBreaking =
  | "waiting-for-the-upstream-acknowledgement"
  | "acknowledged-by-every-downstream-subscriber"
  | "rejected-because-the-quota-was-exceeded"
  | 42
  | null;

export interface DeeplyNestedConfigurationOfTheLongNamedThing {
  /** @minLength 3 @maxLength 250 */
  extraordinarilyLongFieldNameForTheDescriptionText: string;
  relayHostnames: VeryLongQualifiedHostnameOfTheNotificationRelayServer[][];
  statusOfTheDeliveryAcrossEveryRegion: Record<
    string,
    AnExceedinglyVerboseStatusNameThatNeedsBreaking
  >;
  optionalNumberOfRetriesBeforeGivingUpEntirely?: number | null;
  "a-quoted-key-with-a-long-and-hyphenated-name-for-wrapping": boolean;
  eitherAStringOrANumberOrAPairOfThem: string | number | [string, number];
  /** @minLength 12 @maxLength 64 @pattern ^[a-z][a-z0-9_]{11,63}$ */
  identifierOfTheOwningAccountInTheUpstreamDirectory: string;
  /** @exclusiveMinimum 0 @exclusiveMaximum 1 */
  fractionOfTheSubscribersThatAlreadyAcknowledged: number;
  /** @format date-time */
  timestampOfTheLastAcknowledgementFromAnySubscriber?: string;
  coordinatesOfTheRelayServerInTheDatacenterGrid: [number, number, string];
  shapesOfEveryRegionThatTheDeliveryHasToCrossOver: ShapeOfARegionWithALongName[];
  /** @minItems 1 @maxItems 20 */
  historyOfPreviousDeliveryAttemptsWithTheirOutcome: {
    attemptedAtTimestampInMillisecondsSinceTheEpoch: number;
    outcomeOfTheAttempt: "delivered" | "bounced" | "deferred-for-later";
    nestedListOfTheRelaysThatTookPart: { relayHostname: string }[];
  }[];
}

export interface CircularRegionWithACentreAndARadius {
  kindOfTheRegion: "a-circular-region-with-a-centre-and-a-radius";
  radiusOfTheCircularRegionInKilometres: number;
}

export interface RectangularRegionWithFourCorners {
  kindOfTheRegion: "a-rectangular-region-with-four-corners-and-no-rotation";
  cornersOfTheRectangle: [[number, number], [number, number]];
}

export type ShapeOfARegionWithALongName =
  | CircularRegionWithACentreAndARadius
  | RectangularRegionWithFourCorners;

export interface ProtocolWithAVeryLongNameForTheLayoutStressTest
  extends Protocol<"/a/very/long/path/for/the/layout/stress/test"> {
  client: {
    /** @replay */
    subscribeToTheConfigurationUpdates: {
      configuration: DeeplyNestedConfigurationOfTheLongNamedThing;
    };
    /** @forgets subscribeToTheConfigurationUpdates */
    unsubscribeFromTheConfigurationUpdates: {
      configuration: DeeplyNestedConfigurationOfTheLongNamedThing;
    };
    fetchTheCompleteConfigurationHistory: Rpc<
      { sinceRevisionNumberInclusive: number },
      { configurations: DeeplyNestedConfigurationOfTheLongNamedThing[] }
    >;
  };
  server: {
    configurationChangedSomewhereInTheCluster: {
      configuration: DeeplyNestedConfigurationOfTheLongNamedThing;
      status: AnExceedinglyVerboseStatusNameThatNeedsBreaking;
    };
  };
}
`;

/** Generates `inputDir` into a fresh copy of its gen/ folder (records included). */
async function generateCopy(inputDir: string, outputDir: string) {
  const gen = join(REPO_ROOT, inputDir, "gen");
  for await (const entry of Deno.readDir(gen)) {
    await Deno.copyFile(join(gen, entry.name), join(outputDir, entry.name));
  }
  await generate({ inputDir, outputDir, cwd: REPO_ROOT });
}

/** `deno fmt --check` on `paths` in `dir`: exit code and what it would change. */
async function fmtCheck(
  dir: string,
  paths: readonly string[] = ["."],
): Promise<{ code: number; output: string }> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["fmt", "--check", "--no-config", ...paths],
    cwd: dir,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return {
    code,
    output: decoder.decode(stdout) + decoder.decode(stderr),
  };
}

for (const inputDir of PROTOCOL_DIRS) {
  Deno.test(`deno fmt --check accepts every file generated from ${inputDir}/ unchanged`, async () => {
    await withTempDir(async (dir) => {
      await generateCopy(inputDir, dir);
      const { code, output } = await fmtCheck(dir);
      assertEquals(code, 0, output);
    });
  });
}

/**
 * The kitchen sink with every name grown by `extra` characters, so that its
 * lines cross the 80-column width at different places.
 */
async function grownKitchenSink(dir: string, extra: number): Promise<void> {
  const grow = (text: string) => {
    const pad = "X".repeat(extra);
    return text.replaceAll("KitchenSink", `Ks${pad}`)
      .replaceAll("Everything", `Ev${pad}`)
      .replaceAll("Person", `Pe${pad}`)
      .replaceAll("matrix", `matrix${pad.toLowerCase()}`)
      .replaceAll("topic", `topic${pad.toLowerCase()}`);
  };
  const fixtures = join(REPO_ROOT, "tests/_fixtures/protocols");
  for (const name of ["kitchen_sink.ts", "kitchen_types.ts"]) {
    const text = await Deno.readTextFile(join(fixtures, name));
    await writeFiles(dir, { [`protocol/${name}`]: grow(text) });
  }
}

Deno.test("deno fmt --check accepts generated files whose names are 0 to 48 characters longer, crossing the line width everywhere", async () => {
  await withTempDir(async (dir) => {
    const generated: string[] = [];
    for (let extra = 0; extra <= 48; extra += 4) {
      const protocolDir = join(dir, String(extra));
      await grownKitchenSink(protocolDir, extra);
      await generate({ inputDir: "protocol", cwd: protocolDir });
      generated.push(join(String(extra), "protocol", "gen"));
    }
    const { code, output } = await fmtCheck(dir, generated);
    assertEquals(code, 0, output);
  });
});

Deno.test("deno fmt --check accepts generated files whose names and types are too long for one line", async () => {
  await withTempDir(async (dir) => {
    await writeFiles(dir, { "protocol/stress.ts": LONG_LINES_PROTOCOL });
    await generate({ inputDir: "protocol", cwd: dir });
    const { code, output } = await fmtCheck(join(dir, "protocol", "gen"));
    assertEquals(code, 0, output);
  });
});
