/**
 * The benchmark's echo protocol, served at `/echo`: one RPC that answers
 * with what it was given, so a load generator can measure the full stack
 * (size limit, rate limit, JSON depth check, envelope, validation, dispatch,
 * answer) against a bare JSON echo.
 *
 * @module
 */
import type { Protocol, Rpc } from "@wiretype/wiretype/define";

/** One echo request or answer. */
export interface EchoFrame {
  /** The sender's sequence number, echoed so it can match answers. @integer @minimum 0 */
  seq: number;
  /** Filler that sets the message size. @maxLength 65536 */
  payload: string;
}

/** Request/response echo for load tests. */
export interface Echo extends Protocol<"/echo"> {
  client: {
    /** Answers with the same `seq` and `payload`. */
    echo: Rpc<EchoFrame, EchoFrame>;
  };
  server: {
    /** Unused by the load test; a protocol needs at least one server event. */
    notice: { text: string };
  };
}
