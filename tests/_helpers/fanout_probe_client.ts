/**
 * A raw WebSocket client of the `/probe` test protocol that records every
 * probe it receives, so fan-out tests can check that a broadcast reached
 * each intended connection exactly once. It authenticates with a bearer
 * token at the upgrade and offers the protocol's version subprotocol.
 *
 * @module
 */
import { SignJWT } from "jose";
import { versionSubprotocol } from "../../src/wire/version.ts";
import { fanoutProbeProtocolInfo } from "../_fixtures/protocols/gen/fanout_probe_protocol.ts";

/** A probe as received. */
export interface ReceivedProbe {
  readonly scope: "room" | "user" | "all";
  readonly tag: string;
  readonly from: string;
  /** `performance.now()` when the frame arrived, for latency measurements. */
  readonly receivedAtMs: number;
}

/** A connected probe client. */
export interface ProbeClient extends AsyncDisposable {
  /** The connection id from the `welcome` frame. */
  readonly connectionId: string;
  /** The user (`sub`) it authenticated as. */
  readonly userId: string;
  /** Every probe received, in order. */
  readonly probes: ReceivedProbe[];
  /** Sends a client message. */
  send(type: string, data: unknown): void;
  /** Calls an RPC and resolves with the answer's data; rejects on an error answer. */
  call(type: string, data: unknown, timeoutMs?: number): Promise<unknown>;
  /** Closes and waits for the close event. */
  close(): Promise<void>;
}

/**
 * Signs an HS256 token for `sub` with `secret`, valid for ten minutes.
 *
 * @example
 * ```ts
 * const token = await signProbeToken(secret, "alice");
 * ```
 */
export async function signProbeToken(
  secret: string,
  sub: string,
): Promise<string> {
  return await new SignJWT({ sub })
    .setProtectedHeader({ alg: "HS256" })
    .setExpirationTime("10m")
    .sign(new TextEncoder().encode(secret));
}

/**
 * Connects to `<wsUrl>/probe` as `userId` and waits for `welcome`.
 *
 * @example
 * ```ts
 * const client = await connectProbeClient(served.wsUrl, secret, "alice");
 * await client.call("join", { room: "red" });
 * await client.close();
 * ```
 */
export async function connectProbeClient(
  wsUrl: string,
  secret: string,
  userId: string,
  timeoutMs = 10_000,
): Promise<ProbeClient> {
  const token = await signProbeToken(secret, userId);
  // Deno's WebSocket accepts `{ protocols, headers }`; the DOM typings in
  // deno.json's "lib" only know the standard `string[]` form.
  const init = {
    protocols: [versionSubprotocol(fanoutProbeProtocolInfo.version)],
    headers: { authorization: `Bearer ${token}` },
  };
  const socket = new WebSocket(
    `${wsUrl}${fanoutProbeProtocolInfo.path}`,
    init as unknown as string[],
  );
  const probes: ReceivedProbe[] = [];
  const pending = new Map<
    number,
    { resolve(data: unknown): void; reject(error: Error): void }
  >();
  let nextId = 1;
  let welcome: (connectionId: string) => void = () => {};
  const welcomed = new Promise<string>((resolve) => welcome = resolve);
  const closed = new Promise<CloseEvent>((resolve) =>
    socket.addEventListener("close", resolve)
  );
  socket.addEventListener("error", () => {});
  socket.addEventListener("message", (event) => {
    const frame = JSON.parse(String(event.data));
    if (frame.type === "probe") {
      probes.push({ ...frame.data, receivedAtMs: performance.now() });
    } else if (frame.type === "ping") {
      socket.send('{"type":"pong","data":null}');
    } else if (frame.type === "welcome") welcome(frame.data.connectionId);
    else if (typeof frame.id === "number") {
      const waiter = pending.get(frame.id);
      pending.delete(frame.id);
      if (frame.type === "error") {
        waiter?.reject(new Error(JSON.stringify(frame.data)));
      } else waiter?.resolve(frame.data);
    }
  });
  closed.then((event) => {
    for (const waiter of pending.values()) {
      waiter.reject(new Error(`closed: ${event.code} ${event.reason}`));
    }
  });
  const connectionId = await withTimeout(
    Promise.race([
      welcomed,
      closed.then((event) => {
        throw new Error(`closed before welcome: ${event.code} ${event.reason}`);
      }),
    ]),
    timeoutMs,
    "welcome",
  ).catch(async (error) => {
    socket.close();
    await closed;
    throw error;
  });
  const close = async () => {
    if (socket.readyState <= WebSocket.OPEN) socket.close(1000, "done");
    await closed;
  };
  return {
    connectionId,
    userId,
    probes,
    send(type, data) {
      socket.send(JSON.stringify({ type, data }));
    },
    call(type, data, callTimeoutMs = 10_000) {
      const id = nextId++;
      const answer = new Promise<unknown>((resolve, reject) =>
        pending.set(id, { resolve, reject })
      );
      socket.send(JSON.stringify({ type, id, data }));
      return withTimeout(answer, callTimeoutMs, `answer to ${type}`);
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

async function withTimeout<T>(
  work: Promise<T>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) =>
        timer = setTimeout(
          () => reject(new Error(`no ${what} within ${timeoutMs} ms`)),
          timeoutMs,
        )
      ),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
