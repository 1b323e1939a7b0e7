import { consoleFanoutLogger, type FanoutLogger } from "./fanout_logger.ts";
import { createNodeId } from "./_node_id.ts";
import {
  checkKnownKeys,
  checkMethods,
  checkName,
  checkNumber,
  checkObject,
  optionKeys,
  optionRangeError,
} from "../_option_checks.ts";

/**
 * Settings shared by every fan-out that spans nodes.
 *
 * @example Usage
 * ```ts
 * import type { ClusterFanoutOptions } from "@wiretype/wiretype/fanout";
 *
 * const options: ClusterFanoutOptions = {
 *   heartbeatIntervalMs: 2_000,
 *   nodeTimeoutMs: 6_000,
 *   logger: { log: (event) => console.log(event.kind) },
 * };
 * ```
 */
export interface ClusterFanoutOptions {
  /** This node's id, unique in the cluster. Default: a random id. */
  readonly nodeId?: string;
  /** How often this node sends its full member list. Default 5 000 ms. */
  readonly heartbeatIntervalMs?: number;
  /**
   * How long the members of a silent node stay listed; longer than
   * `heartbeatIntervalMs`, so one late heartbeat does not drop a live node.
   * Default 15 000 ms.
   */
  readonly nodeTimeoutMs?: number;
  /** Where outages, recoveries and node changes are logged. Default: the console. */
  readonly logger?: FanoutLogger;
}

/** The keys of {@link ClusterFanoutOptions}, which each fan-out's own options extend. */
export const CLUSTER_FANOUT_OPTION_KEYS: readonly string[] = optionKeys<
  ClusterFanoutOptions
>({
  nodeId: true,
  heartbeatIntervalMs: true,
  nodeTimeoutMs: true,
  logger: true,
});

/** {@link ClusterFanoutOptions} with defaults applied and checked. */
export interface ResolvedClusterFanoutOptions {
  readonly nodeId: string;
  readonly heartbeatIntervalMs: number;
  readonly nodeTimeoutMs: number;
  readonly logger: FanoutLogger;
}

const DEFAULTS = { heartbeatIntervalMs: 5_000, nodeTimeoutMs: 15_000 } as const;

/**
 * Applies the defaults and checks every value, naming `owner` (the class
 * being built) and the option in errors. `known` are the keys `options`
 * may have ({@link CLUSTER_FANOUT_OPTION_KEYS}); undefined when the
 * subclass being built checked its own options' keys already.
 *
 * @example Usage
 * ```ts
 * import {
 *   CLUSTER_FANOUT_OPTION_KEYS,
 *   resolveClusterFanoutOptions,
 * } from "./cluster_fanout_options.ts";
 *
 * resolveClusterFanoutOptions(
 *   "ClusterFanout",
 *   { heartbeatIntervalMs: 2_000 },
 *   CLUSTER_FANOUT_OPTION_KEYS,
 * ).nodeTimeoutMs; // 15000
 * ```
 */
export function resolveClusterFanoutOptions(
  owner: string,
  options: ClusterFanoutOptions,
  known: readonly string[] | undefined,
): ResolvedClusterFanoutOptions {
  checkObject(owner, "options", options);
  if (known !== undefined) checkKnownKeys(owner, "", options, known);
  const heartbeatIntervalMs = checkNumber(
    owner,
    "heartbeatIntervalMs",
    options.heartbeatIntervalMs ?? DEFAULTS.heartbeatIntervalMs,
    { positive: true },
  );
  const nodeTimeoutMs = checkNumber(
    owner,
    "nodeTimeoutMs",
    options.nodeTimeoutMs ?? DEFAULTS.nodeTimeoutMs,
    { positive: true },
  );
  if (nodeTimeoutMs <= heartbeatIntervalMs) {
    throw optionRangeError(
      owner,
      `nodeTimeoutMs (${nodeTimeoutMs}) must be longer than heartbeatIntervalMs (${heartbeatIntervalMs}), or live nodes would be dropped between heartbeats; 3x is a good choice`,
    );
  }
  if (options.logger !== undefined) {
    checkMethods(
      owner,
      "logger",
      options.logger,
      ["log"],
      "an object with a log(event) method",
    );
  }
  return {
    nodeId: options.nodeId === undefined
      ? createNodeId()
      : checkName(owner, "nodeId", options.nodeId),
    heartbeatIntervalMs,
    nodeTimeoutMs,
    logger: options.logger ?? consoleFanoutLogger(),
  };
}
