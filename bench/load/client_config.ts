/**
 * What the harness tells a client process to do (passed as its one
 * argument, JSON) and what the process reports back.
 *
 * @module
 */
import type { DialectName } from "./dialects.ts";
import type { HistogramData } from "./histogram.ts";

/** The server a client process drives. */
export interface TargetConfig {
  readonly hostname: string;
  readonly port: number;
  readonly dialect: DialectName;
}

/** Echo: `connections` each keep `inflight` requests of `payloadBytes` outstanding. */
export interface EchoRoleConfig extends TargetConfig {
  readonly role: "echo";
  readonly connections: number;
  readonly inflight: number;
  readonly payloadBytes: number;
}

/** Room members: `connections` join `room` and time every message they get. */
export interface MembersRoleConfig extends TargetConfig {
  readonly role: "members";
  readonly connections: number;
  readonly room: string;
  /** Broadcasts with a lower sequence number are warm-up: not in the histogram. */
  readonly warmupBroadcasts: number;
}

/**
 * How connections authenticate: a JWT (signed here with the shared bench
 * secret) in the dialect's way, or the JWT exchanged for a wiretype ticket.
 */
export type AuthConfig =
  | { readonly kind: "jwt"; readonly secret: string }
  | {
    readonly kind: "ticket";
    readonly secret: string;
    readonly ticketPath: string;
  };

/** Connection setup: open `connections` with `concurrency` at a time, then hold them. */
export interface ConnectRoleConfig extends TargetConfig {
  readonly role: "connect";
  readonly connections: number;
  readonly concurrency: number;
  readonly auth: AuthConfig;
  /** Users are `user-<firstUserIndex + i>`, one per connection. */
  readonly firstUserIndex: number;
}

/** Any client process configuration. */
export type RoleConfig = EchoRoleConfig | MembersRoleConfig | ConnectRoleConfig;

/** Problems a client process saw: anything but the expected answers. */
export interface ClientProblems {
  /** Messages of a kind the workload does not expect (error frames...). */
  readonly unexpectedMessages: number;
  /** The first of them, cut to 200 characters. */
  readonly firstUnexpected?: string;
  /** Connections that ended before the workload closed them. */
  readonly unexpectedCloses: number;
}

/** An echo client's result. */
export interface EchoResult extends ClientProblems {
  readonly kind: "result";
  /** Answers received inside the measured window. */
  readonly answers: number;
  readonly latency: HistogramData;
  /** Answers whose `seq` did not match the request they answer (sampled). */
  readonly mismatches: number;
  /** Connections that got no answer at all inside the window. */
  readonly starved: number;
}

/** A room member process's result. */
export interface MembersResult extends ClientProblems {
  readonly kind: "result";
  /** Latencies of every delivery of every measured broadcast. */
  readonly latency: HistogramData;
  /** Per broadcast: `[seq, deliveries, slowest delivery in ms]`. */
  readonly broadcasts: readonly (readonly [number, number, number])[];
}

/** A connection-setup process's result. */
export interface ConnectResult extends ClientProblems {
  readonly kind: "result";
  readonly opened: number;
  readonly failed: number;
  readonly firstError?: string;
  /** From the first attempt to the last connection ready. */
  readonly elapsedMs: number;
  /** Per connection: from starting (ticket request included) to ready. */
  readonly latency: HistogramData;
}
