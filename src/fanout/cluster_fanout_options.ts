import { consoleFanoutLogger, type FanoutLogger } from "./fanout_logger.ts";
import { createNodeId } from "./_node_id.ts";
import { invalidOption, positiveMs } from "./_check_option.ts";

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
  const heartbeatIntervalMs = positiveMs(
    owner,
    "heartbeatIntervalMs",
    options.heartbeatIntervalMs,
    DEFAULTS.heartbeatIntervalMs,
  );
  const nodeTimeoutMs = positiveMs(
    owner,
    "nodeTimeoutMs",
    options.nodeTimeoutMs,
    DEFAULTS.nodeTimeoutMs,
  );
  if (nodeTimeoutMs <= heartbeatIntervalMs) {
    throw invalidOption(
      `${owner}: nodeTimeoutMs (${nodeTimeoutMs}) must be longer than heartbeatIntervalMs (${heartbeatIntervalMs}), or live nodes would be dropped between heartbeats; 3x is a good choice`,
    );
  }
  return {
    nodeId: options.nodeId ?? createNodeId(),
    heartbeatIntervalMs,
    nodeTimeoutMs,
    logger: options.logger ?? consoleFanoutLogger(),
  };
}
