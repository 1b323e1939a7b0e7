import {
  type Envelope,
  type RequestId,
  ReservedType,
} from "../wire/envelope.ts";
import { positionOf, type PublicationPosition } from "../wire/publication.ts";
import {
  rootIssue,
  type UnknownFieldListener,
  type ValidationIssue,
  type Validator,
} from "../wire/validation.ts";
import { Tolerance } from "./_tolerance.ts";
import type { ClientListeners } from "./_listeners.ts";
import type { PendingRequests } from "./_pending_requests.ts";
import { toProtocolError } from "./_server_frames.ts";
import { ClientError, ClientErrorCode } from "./client_error.ts";
import type { ClientProtocol } from "./client_protocol.ts";

/** What the inbound side asks of the stream positions. */
export interface StreamGate {
  /** A `position` frame arrived. */
  position(data: unknown): void;
  /** A publication arrived: true when its listeners should see it. */
  admit(position: PublicationPosition): boolean;
}

/**
 * Routes what the server sends (after the transport took pings and
 * welcomes): errors and answers to their RPCs, positions to the stream
 * gate, events to their listeners once the gate let them through (no
 * duplicate, no gap). Data is validated before anyone sees it; anything
 * invalid becomes an `onError` report, and an invalid answer also rejects
 * its RPC.
 */
export class Inbound {
  readonly #protocol: ClientProtocol;
  readonly #validateEvents: boolean;
  readonly #requests: PendingRequests;
  readonly #listeners: ClientListeners;
  readonly #streams: StreamGate;
  readonly #tolerance: Tolerance;

  /** `tolerance` hears what a newer server sends that this protocol lacks. */
  constructor(
    protocol: ClientProtocol,
    validateEvents: boolean,
    requests: PendingRequests,
    listeners: ClientListeners,
    streams: StreamGate,
    tolerance: Tolerance = new Tolerance(),
  ) {
    this.#protocol = protocol;
    this.#validateEvents = validateEvents;
    this.#requests = requests;
    this.#listeners = listeners;
    this.#streams = streams;
    this.#tolerance = tolerance;
  }

  /** Handles one decoded frame. */
  receive(envelope: Envelope): void {
    const { type, id, data } = envelope;
    if (type === ReservedType.Error) this.#error(id, data);
    else if (id !== undefined) this.#answer(id, type, data);
    else if (type === ReservedType.Position) this.#streams.position(data);
    else {
      // A publication moves its stream's position even when its event is
      // unknown or invalid: it was received, and is not missing.
      const position = positionOf(envelope);
      if (position !== undefined && !this.#streams.admit(position)) return;
      this.#event(type, data);
    }
  }

  #error(id: RequestId | undefined, data: unknown): void {
    const error = toProtocolError(data);
    const pending = id === undefined ? undefined : this.#requests.take(id);
    if (pending !== undefined) {
      pending.reject(error);
      return;
    }
    this.#listeners.report(
      new ClientError(
        ClientErrorCode.ServerError,
        `the server reported ${error.code}: ${error.message}`,
        { cause: error },
      ),
    );
  }

  #answer(id: RequestId, type: string, data: unknown): void {
    const pending = this.#requests.take(id);
    // An answer that arrives after its RPC timed out or was aborted is dropped.
    if (pending === undefined) return;
    const issue = pending.type === type
      ? validate(pending.validator, data, this.#tolerance.unknownField)
      : {
        path: "$",
        message: `expected an answer of type "${pending.type}", got "${type}"`,
      };
    if (issue === undefined) {
      pending.resolve(data);
      return;
    }
    const error = new ClientError(
      ClientErrorCode.InvalidResult,
      `the answer to "${pending.type}" is invalid at ${issue.path}: ${issue.message}`,
      { issue },
    );
    this.#listeners.report(error);
    pending.reject(error);
  }

  #event(type: string, data: unknown): void {
    // A newer server may send events and fields this protocol lacks:
    // ignored and reported once, never an error.
    if (!Object.hasOwn(this.#protocol.events, type)) {
      this.#tolerance.unknownEvent(type);
      return;
    }
    const issue = this.#validateEvents
      ? validate(
        this.#protocol.events[type],
        data,
        this.#tolerance.unknownField,
      )
      : undefined;
    if (issue === undefined) {
      this.#listeners.emitEvent(type, data);
      return;
    }
    this.#listeners.report(
      new ClientError(
        ClientErrorCode.InvalidEvent,
        `the "${type}" event is invalid at ${issue.path}: ${issue.message}`,
        { issue },
      ),
    );
  }
}

function validate(
  validator: Validator | undefined,
  data: unknown,
  unknownField: UnknownFieldListener,
): ValidationIssue | undefined {
  const issue = validator?.(data, unknownField);
  return issue === undefined ? undefined : rootIssue(issue);
}
