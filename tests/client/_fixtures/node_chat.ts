/**
 * Run by Node (bundled by the test): the generated ChatClient joins a room,
 * posts, reads the history back and prints what it saw as one JSON line.
 * Arguments: the server URL, then `global` (Node's own WebSocket) or `ws`
 * (the npm package, injected as `options.WebSocket`, as on Node 20 and
 * older).
 *
 * @module
 */
import WebSocketFromNpm from "ws";
import { ChatClient } from "../../../protocol/gen/chat_client.ts";
import type {
  ConnectionState,
  WebSocketConstructor,
} from "@wiretype/wiretype/client";

const [url, implementation] =
  (globalThis as unknown as { process: { argv: string[] } }).process.argv.slice(
    2,
  );
const states: ConnectionState["kind"][] = [];
const chat = new ChatClient({
  url,
  ...(implementation === "ws"
    ? { WebSocket: WebSocketFromNpm as unknown as WebSocketConstructor }
    : {}),
});
chat.onState((state) => states.push(state.kind));
const heard = new Promise<string>((resolve) =>
  chat.on("message", (message) => resolve(message.text))
);
chat.connect();
chat.join({ room: "node" });
chat.say({ room: "node", text: `hello from node ${implementation}` });
const text = await heard;
const { messages } = await chat.history({ room: "node" });
await chat.close();
console.log(
  JSON.stringify({
    states,
    text,
    history: messages.map((message) => message.text),
  }),
);
