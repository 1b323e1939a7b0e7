/**
 * Fan-out: carries deliveries and room presence between the nodes (isolates,
 * `deno serve --parallel` workers, machines) that serve the same routes.
 * `InProcessFanout` is the default for one isolate.
 *
 * @module
 */
export type {
  Delivery,
  DeliveryTarget,
  Fanout,
  FanoutReceiver,
  Presence,
  PresenceMember,
} from "./fanout.ts";
export { InProcessFanout, type InProcessFanoutOptions } from "./in_process.ts";
export {
  type PresenceEntry,
  PresenceTable,
  type PresenceTableOptions,
} from "./presence_table.ts";
