import { ChatClient } from "../../protocol/gen/chat_client.ts";
import {
  createAuthenticator,
  createJwtVerifier,
} from "@wiretype/wiretype/auth";
import type { ClientError } from "@wiretype/wiretype/client";
import { assertEquals } from "../_helpers/assert.ts";
import { makeTestKey, signTestToken } from "../_helpers/auth_tokens.ts";
import { waitUntil } from "../_helpers/client_chat_peer.ts";
import { startRealChatServer } from "../_helpers/client_real_server.ts";

const TOKEN_SECONDS = 5;

async function realServerWithAuth() {
  const key = await makeTestKey("HS256");
  const auth = createAuthenticator({
    verifier: createJwtVerifier({
      algorithms: ["HS256"],
      key: key.verifyKey,
      clockToleranceSeconds: 0,
    }),
  });
  // A short sweep so an expired token is noticed within a few hundred ms.
  const real = await startRealChatServer({
    auth,
    heartbeat: { pingIntervalMs: 200 },
  });
  return {
    real,
    sign: (expiresInSeconds: number) =>
      signTestToken(key, { sub: "alice" }, { expiresInSeconds }),
  };
}

Deno.test("against the real server, a short-lived token is refreshed on the open connection before it expires", async () => {
  const { real, sign } = await realServerWithAuth();
  let issued = 0;
  const client = new ChatClient({
    url: real.url,
    token: () => (issued++, sign(TOKEN_SECONDS)),
  });
  const errors: ClientError[] = [];
  client.onError((error) => errors.push(error));
  try {
    client.connect();
    await waitUntil(() => client.state.kind === "open", "open");
    const connectionId = client.state.kind === "open" &&
      client.state.connectionId;
    // Past the first token's expiry: without a refresh the server closes with 4401.
    await new Promise((resolve) =>
      setTimeout(resolve, (TOKEN_SECONDS + 1.5) * 1_000)
    );
    assertEquals(client.state, { kind: "open", connectionId });
    assertEquals(issued >= 2, true, `only ${issued} token(s) fetched`);
    assertEquals(errors, []);
  } finally {
    await client.close();
    await real.stop();
  }
});

Deno.test("against the real server, an expired token gets one retry and then a closed state with 4401", async () => {
  const { real, sign } = await realServerWithAuth();
  let issued = 0;
  const client = new ChatClient({
    url: real.url,
    reconnect: { initialDelayMs: 20, maxDelayMs: 20 },
    token: () => (issued++, sign(-60)),
  });
  client.onError(() => {});
  try {
    client.connect();
    await waitUntil(() => client.state.kind === "closed", "closed");
    assertEquals(client.state.kind === "closed" && client.state.code, 4401);
    assertEquals(issued, 2);
  } finally {
    await client.close();
    await real.stop();
  }
});

Deno.test("against the real server, a spent ticket reaches the client as 4401, is retried once with a fresh ticket, and a second refusal stops it", async () => {
  const { real, sign } = await realServerWithAuth();
  const ticketUrl = `http://127.0.0.1:${real.port}/auth/ticket`;
  const fetchTicket = async () => {
    const response = await fetch(ticketUrl, {
      method: "POST",
      headers: { authorization: `Bearer ${await sign(60)}` },
    });
    if (!response.ok) throw new Error(`no ticket: ${response.status}`);
    return (await response.json()).ticket as string;
  };
  // A browser sees no HTTP status when an upgrade is refused: the server
  // tells a generated client over the socket, so it acts on the code.
  const spent = await fetchTicket();
  const first = new WebSocket(`${real.url}/chat?ticket=${spent}`);
  const firstClosed = new Promise((resolve) => first.onclose = resolve);
  await new Promise((resolve, reject) => {
    first.onopen = resolve;
    first.onerror = () =>
      reject(new Error("the first use of the ticket failed"));
  });
  first.close();
  await firstClosed;
  const reasons: string[] = [];
  let calls = 0;
  const recovering = new ChatClient({
    url: real.url,
    reconnect: { initialDelayMs: 20, maxDelayMs: 20 },
    ticket: () => ++calls === 1 ? Promise.resolve(spent) : fetchTicket(),
  });
  recovering.onState((state) => {
    if (state.kind === "reconnecting") {
      reasons.push(`${state.code} ${state.reason}`);
    }
  });
  const stopped = new ChatClient({
    url: real.url,
    reconnect: { initialDelayMs: 20, maxDelayMs: 20 },
    ticket: () => Promise.resolve(spent),
  });
  try {
    recovering.connect();
    await waitUntil(() => recovering.state.kind === "open", "open");
    assertEquals(reasons, ["4401 unauthenticated"]);
    assertEquals(calls, 2);
    stopped.connect();
    await waitUntil(() => stopped.state.kind === "closed", "closed");
    assertEquals(stopped.state.kind === "closed" && stopped.state.code, 4401);
    assertEquals(
      stopped.state.kind === "closed" && stopped.state.reason,
      "unauthenticated",
    );
  } finally {
    await recovering.close();
    await stopped.close();
    await real.stop();
  }
});
