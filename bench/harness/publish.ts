/**
 * Where a bench's results go: the markdown document (stdout and a file),
 * the raw results as JSON beside it (so tables can be rendered again
 * without measuring again), and, when asked, the tables of
 * bench/RESULTS.md.
 *
 * @module
 */
import {
  renderBlocks,
  renderDocument,
  replaceBlocks,
  type ReportContext,
} from "./report.ts";
import type { SuiteResults } from "./suite.ts";

/** Results with everything needed to render them again. */
export interface SavedResults {
  readonly context: ReportContext;
  readonly results: SuiteResults;
}

/** Where to publish. */
export interface PublishOptions {
  /** The markdown file; the JSON goes beside it (`.md` replaced by `.json`). */
  readonly outFile: string;
  /** Also replace the marked tables of this file (bench/RESULTS.md). */
  readonly resultsFile: string | undefined;
  readonly log: (line: string) => void;
}

/**
 * Renders and writes everything; returns the markdown document.
 *
 * @example
 * ```ts
 * await publish({ context, results }, { outFile: "bench/results/latest.md", resultsFile: undefined, log: console.error });
 * ```
 */
export async function publish(
  saved: SavedResults,
  options: PublishOptions,
): Promise<string> {
  const blocks = renderBlocks(saved.results, saved.context);
  const document = renderDocument(blocks);
  const jsonFile = options.outFile.replace(/\.md$/, "") + ".json";
  await Deno.mkdir(new URL(".", `file://${options.outFile}`).pathname, {
    recursive: true,
  });
  await Deno.writeTextFile(options.outFile, document);
  // The run's JWT secret is of no use later.
  const { jwtSecret: _secret, ...settings } = saved.context.settings;
  await Deno.writeTextFile(
    jsonFile,
    JSON.stringify(
      { ...saved, context: { ...saved.context, settings } },
      null,
      1,
    ) + "\n",
  );
  options.log(`wrote ${options.outFile} and ${jsonFile}`);
  if (options.resultsFile !== undefined) {
    const previous = await Deno.readTextFile(options.resultsFile);
    await Deno.writeTextFile(
      options.resultsFile,
      replaceBlocks(previous, blocks),
    );
    // `deno task check` runs `deno fmt --check`, which aligns table columns.
    await new Deno.Command(Deno.execPath(), {
      args: ["fmt", "--quiet", options.resultsFile],
    }).output();
    options.log(`updated the tables in ${options.resultsFile}`);
  }
  return document;
}

/**
 * Reads results saved by {@link publish}.
 *
 * @example
 * ```ts
 * const saved = await loadSavedResults("bench/results/latest.json");
 * ```
 */
export async function loadSavedResults(
  jsonFile: string,
): Promise<SavedResults> {
  const saved = JSON.parse(await Deno.readTextFile(jsonFile)) as SavedResults;
  return {
    ...saved,
    context: {
      ...saved.context,
      startedAt: new Date(saved.context.startedAt),
      settings: { ...saved.context.settings, jwtSecret: "" },
    },
  };
}
