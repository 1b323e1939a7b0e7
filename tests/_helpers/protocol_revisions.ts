/**
 * A protocol that changes during a test, as it does between deploys: each
 * revision is generated (with its record) in a temporary project and its
 * generated files kept aside, so a test can serve the newest revision and
 * connect clients generated from older ones.
 *
 * @module
 */
import { cp } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { generate } from "../../codegen/generate.ts";
import type { GeneratedProtocol } from "../../codegen/generated_protocol.ts";
import type { ClientOptions, EventMap } from "@wiretype/wiretype/client";
import { WiretypeClient } from "@wiretype/wiretype/client";
import type { Connection, Route } from "@wiretype/wiretype/server";

/** The generated files of one revision, imported. */
export interface GeneratedRevision {
  /** What `generate` reported for it. */
  readonly protocol: GeneratedProtocol;
  /** `<name>_server.ts`'s exports. */
  readonly server: Readonly<Record<string, unknown>>;
  /** `<name>_client.ts`'s exports. */
  readonly client: Readonly<Record<string, unknown>>;
}

/** The handlers a test gives a route of any revision, by message name. */
export type AnyHandlers = Record<
  string,
  (data: never, ctx: Connection<EventMap>) => unknown
>;

/**
 * A protocol file `<name>.ts` in a temporary project, regenerated after each
 * change; every revision's generated files stay importable.
 *
 * @example
 * ```ts
 * await using history = await ProtocolRevisions.start("board", SOURCE);
 * const old = history.latest;
 * const next = await history.change((source) => source.replace("a", "b"));
 * ```
 */
export class ProtocolRevisions {
  readonly #dir: string;
  #name: string;
  #source: string;
  #count = 0;
  #latest: GeneratedRevision | undefined;

  private constructor(dir: string, name: string, source: string) {
    this.#dir = dir;
    this.#name = name;
    this.#source = source;
  }

  /** Writes `protocol/<name>.ts` and generates its first revision. */
  static async start(name: string, source: string): Promise<ProtocolRevisions> {
    const dir = await Deno.makeTempDir({ prefix: "wiretype_revisions_" });
    const revisions = new ProtocolRevisions(dir, name, source);
    await revisions.#generate(source, false);
    return revisions;
  }

  /** The newest revision generated. */
  get latest(): GeneratedRevision {
    return this.#latest!;
  }

  /**
   * Edits the protocol source and generates again; `acceptBreaking` as the
   * CLI's `--accept-breaking`. Rejects with the BreakingChangeError when a
   * breaking change is not accepted; the source then stays as it was.
   */
  async change(
    edit: (source: string) => string,
    acceptBreaking = false,
  ): Promise<GeneratedRevision> {
    const edited = edit(this.#source);
    if (edited === this.#source) throw new Error("the edit changed nothing");
    const revision = await this.#generate(edited, acceptBreaking);
    this.#source = edited;
    return revision;
  }

  /**
   * Renames the protocol file to `protocol/<name>.ts`, applies `edit` (a
   * rename of the interface, say) and generates again, as a user who moves
   * and renames a protocol does.
   */
  async rename(
    name: string,
    edit: (source: string) => string = (source) => source,
  ): Promise<GeneratedRevision> {
    const protocolDir = join(this.#dir, "protocol");
    await Deno.remove(join(protocolDir, `${this.#name}.ts`));
    this.#name = name;
    this.#source = edit(this.#source);
    return await this.#generate(this.#source, false);
  }

  /** Removes the temporary project. */
  async [Symbol.asyncDispose](): Promise<void> {
    await Deno.remove(this.#dir, { recursive: true });
  }

  async #generate(
    source: string,
    acceptBreaking: boolean,
  ): Promise<GeneratedRevision> {
    const protocolDir = join(this.#dir, "protocol");
    await Deno.mkdir(protocolDir, { recursive: true });
    await Deno.writeTextFile(join(protocolDir, `${this.#name}.ts`), source);
    const result = await generate({
      inputDir: "protocol",
      cwd: this.#dir,
      acceptBreaking,
    });
    // Each revision's files are kept in their own folder, as an old
    // client's bundle keeps its generated code.
    const kept = join(this.#dir, `revision_${++this.#count}`);
    await cp(join(protocolDir, "gen"), kept, { recursive: true });
    const load = (side: string) =>
      import(pathToFileURL(join(kept, `${this.#name}_${side}.ts`)).href);
    this.#latest = {
      protocol: result.protocols[0],
      server: await load("server"),
      client: await load("client"),
    };
    return this.#latest;
  }
}

/** Handlers for every revision of a test: not a plain object (below). */
class RevisionHandlers {}

/**
 * A route of `revision` (its generated factory, found by its `Route`
 * suffix) with `handlers`, which may include handlers of messages this
 * revision does not have yet or any more: they are given as a class
 * instance, whose own functions a route factory does not judge (it refuses
 * unknown ones in a plain object only).
 *
 * @example
 * ```ts
 * const route = routeOf(history.latest, { post: (data, ctx) => {} });
 * ```
 */
export function routeOf(
  revision: GeneratedRevision,
  handlers: AnyHandlers,
): Route<EventMap> {
  const factory = Object.entries(revision.server).find(([name]) =>
    name.endsWith("Route")
  )?.[1] as (handlers: AnyHandlers) => Route<EventMap>;
  return factory(Object.assign(new RevisionHandlers(), handlers));
}

/** A generated client of some revision, used through its runtime and its methods by name. */
export type AnyClient = WiretypeClient<EventMap> & {
  readonly [method: string]: unknown;
};

/**
 * A client of `revision` (its generated class, found by its `Client`
 * suffix).
 *
 * @example
 * ```ts
 * const client = clientOf(oldRevision, { url });
 * ```
 */
export function clientOf(
  revision: GeneratedRevision,
  options: ClientOptions,
): AnyClient {
  const ClientClass = Object.entries(revision.client).find(([name]) =>
    name.endsWith("Client")
  )?.[1] as new (options: ClientOptions) => AnyClient;
  const client = new ClientClass(options);
  if (!(client instanceof WiretypeClient)) {
    throw new Error("the generated client does not extend WiretypeClient");
  }
  return client;
}

/**
 * Calls a generated client's method by name (a message sends, an RPC
 * returns its promise).
 *
 * @example
 * ```ts
 * call(client, "post", { topic: "news", text: "hi" });
 * ```
 */
export function call(
  client: AnyClient,
  method: string,
  data: unknown,
): unknown {
  const send = client[method];
  if (typeof send !== "function") {
    throw new Error(`the client has no method ${method}`);
  }
  return send.call(client, data);
}
