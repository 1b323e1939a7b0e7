/**
 * A demo chat user on the generated Deno client, driven line by line, for
 * the topology tests. Run in its own process with `DENO_CERT=<CA file>` so
 * that `fetch` and `WebSocket` trust the test's certificate authority:
 *
 * ```sh
 * DENO_CERT=ca.pem deno run -A deno_chat_peer.ts https://127.0.0.1:8443 ann lobby
 * ```
 *
 * Signs in, gets a one-time ticket before every connection, joins the room
 * (the client joins again by itself after a reconnect). stdin: one JSON
 * command a line, `{"say": "text"}`; stdout: one JSON event a line,
 * `{"event": "open"}`, `{"event": "closed", "code": 1001}` (the client
 * reconnects), `{"event": "message", "user": "...", "text": "..."}`,
 * `{"event": "recovery", "reason": "reconnect", "recovered": true}`. Ends
 * when stdin closes.
 *
 * @module
 */
import { ChatClient } from "../../../protocol/gen/chat_client.ts";

const [baseUrl, name, room] = Deno.args;
const emit = (event: Record<string, unknown>) =>
  console.log(JSON.stringify(event));

const login = await fetch(`${baseUrl}/login`, {
  method: "POST",
  body: JSON.stringify({ name }),
});
if (!login.ok) throw new Error(`login: ${login.status} ${await login.text()}`);
const { token } = await login.json();
const chat = new ChatClient({
  url: baseUrl,
  ticket: async () => {
    const response = await fetch(`${baseUrl}/auth/ticket?route=/chat`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok) {
      throw new Error(`ticket: ${response.status} ${await response.text()}`);
    }
    return (await response.json()).ticket;
  },
  reconnect: { initialDelayMs: 100, maxDelayMs: 2_000 },
});
chat.onState((state) => {
  if (state.kind === "open") emit({ event: "open" });
  if (state.kind === "reconnecting" && state.attempt === 1) {
    emit({ event: "closed", code: state.code });
  }
});
chat.on("message", ({ user, text }) => emit({ event: "message", user, text }));
chat.onRecovery(({ reason, recovered }) =>
  emit({ event: "recovery", reason, recovered })
);
chat.connect();
chat.join({ room });

const lines = Deno.stdin.readable.pipeThrough(new TextDecoderStream());
let pending = "";
for await (const chunk of lines) {
  const parts = (pending + chunk).split("\n");
  pending = parts.pop()!;
  for (const line of parts.filter((part) => part.trim() !== "")) {
    const command = JSON.parse(line) as { say: string };
    chat.say({ room, text: command.say });
  }
}
chat.close();
