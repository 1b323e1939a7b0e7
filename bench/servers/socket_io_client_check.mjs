/**
 * Checks a running bench Socket.IO server with the real `socket.io-client`
 * in WebSocket-only mode: an acknowledged echo, a join, and a room message
 * from a second client. The load generator speaks the same packets without
 * the client library (to stay cheaper than the server); this check shows
 * they are the packets the library sends. Exits 0 and prints "ok".
 *
 * ```sh
 * node bench/servers/socket_io_client_check.mjs <port> [<jwt>]
 * ```
 *
 * @module
 */
import { createRequire } from "node:module";
import process from "node:process";

const require = createRequire(
  new URL("../.node/package.json", import.meta.url),
);
const { io } = require("socket.io-client");

const [port, token] = process.argv.slice(2);
const url = `http://127.0.0.1:${port}`;
const options = {
  transports: ["websocket"],
  reconnection: false,
  ...(token ? { auth: { token } } : {}),
};

function connect() {
  return new Promise((resolve, reject) => {
    const socket = io(url, options);
    socket.on("connect", () => resolve(socket));
    socket.on(
      "connect_error",
      (error) => reject(new Error(`connect_error: ${error.message}`)),
    );
  });
}

const timer = setTimeout(() => {
  console.error("socket.io-client check timed out");
  process.exit(1);
}, 10_000);
try {
  const member = await connect();
  const sender = await connect();
  if (member.io.engine.transport.name !== "websocket") {
    throw new Error("not on the websocket transport");
  }
  const echoed = await member.timeout(5_000).emitWithAck("echo", {
    seq: 7,
    payload: "xyz",
  });
  if (echoed?.seq !== 7 || echoed?.payload !== "xyz") {
    throw new Error(`bad echo ${JSON.stringify(echoed)}`);
  }
  await member.timeout(5_000).emitWithAck("join", { room: "check" });
  const delivered = new Promise((resolve) => member.on("message", resolve));
  sender.emit("say", { room: "check", text: "1:2" });
  const message = await delivered;
  if (message?.text !== "1:2") {
    throw new Error(`bad room message ${JSON.stringify(message)}`);
  }
  member.close();
  sender.close();
  clearTimeout(timer);
  console.log("ok");
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
