import { consoleFanoutLogger, type FanoutLogger } from "./fanout_logger.ts";
import { createNodeId } from "./_node_id.ts";
import {
  checkMethods,
  checkName,
  checkNumber,
  checkObject,
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
 * being built) and the option in errors.
 *
 * @example Usage
 * ```ts
 * import { resolveClusterFanoutOptions } from "./cluster_fanout_options.ts";
 *
 * resolveClusterFanoutOptions("RedisFanout", { heartbeatIntervalMs: 2_000 }).nodeTimeoutMs; // 15000
 * ```
 */
export function resolveClusterFanoutOptions(
  owner: string,
  options: ClusterFanoutOptions,
): ResolvedClusterFanoutOptions {
  checkObject(owner, "options", options);
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
