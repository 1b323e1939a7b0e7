/**
 * A test protocol for the fan-out integration tests, served at `/probe`:
 * clients join rooms, ask the server to broadcast a tagged probe to a room,
 * a user or everyone, and ask which node they are on and who is in a room.
 * Regenerate with `deno run -A codegen/main.ts tests/_fixtures/fanout_protocol/`.
 *
 * @module
 */
import type { Protocol, Rpc } from "@wiretype/wiretype/define";

/** What a probe was addressed to. */
export type ProbeScope = "room" | "user" | "all";

/** A member of a room as presence reports it. */
export interface ProbeMember {
  connectionId: string;
  userId: string | null;
  nodeId: string;
}

/** Fan-out probes. */
export interface FanoutProbe extends Protocol<"/probe"> {
  client: {
    /** Enter a room; answered once this node recorded the membership. */
    join: Rpc<{ room: string }, { room: string }>;
    /** Broadcast a probe to a room, optionally leaving the sender out. */
    toRoom: { room: string; tag: string; exceptSelf: boolean };
    /** Broadcast a probe to every connection of a user. */
    toUser: { user: string; tag: string };
    /** Broadcast a probe to every connection of the route. */
    toAll: { tag: string };
    /** Which connection and node this is. */
    whoami: Rpc<{ verbose: boolean }, { connectionId: string; nodeId: string }>;
    /** The members of a room on every node. */
    presence: Rpc<{ room: string }, { members: ProbeMember[] }>;
  };
  server: {
    /** A broadcast probe. */
    probe: { scope: ProbeScope; tag: string; from: string };
  };
}
