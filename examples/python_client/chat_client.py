"""A chat client in Python, written from the documents wiretype exports.

Usage: python3 chat_client.py http://localhost:8000 [--name NAME] [--room ROOM]
                              [--text TEXT] [--gen protocol/gen]

It signs in to the demo (`deno task demo`): POST /login for a token, POST
/auth/ticket for a one-time ticket, then opens the chat channel with
`?ticket=`. Where to connect and which protocol version to offer come from
the AsyncAPI document (gen/chat_asyncapi.json); every frame it sends and
receives is validated against the JSON Schemas (gen/chat_schema.json). It
joins a room, says something, asks for the room's history, prints what
happened and exits 0; any frame that breaks the schema ends it with exit 1.

Needs Python 3 with `websockets` and `jsonschema` (Debian:
apt-get install python3-websockets python3-jsonschema).
"""

import argparse
import asyncio
import json
import pathlib
import sys
import urllib.parse
import urllib.request

import jsonschema
import websockets

GEN = pathlib.Path(__file__).resolve().parents[2] / "protocol" / "gen"
TIMEOUT_SECONDS = 10


class SchemaViolation(Exception):
    """A frame that does not match the exported schema."""


class Frames:
    """Validates frames against the definitions of the exported JSON Schemas.

    `ChatServerFrame` and `ChatClientFrame` are a `oneOf` of every frame;
    picking the one frame definition by `type` (and `id`, which tells an RPC
    answer from an event of the same name) gives errors that say which
    field broke.
    """

    def __init__(self, schema_file):
        self.definitions = json.loads(schema_file.read_text())["definitions"]
        self.validators = {}
        self.incoming = self.by_type("ChatServerFrame")
        self.outgoing = self.by_type("ChatClientFrame")
        self.checked = 0

    def by_type(self, union):
        frames = {}
        for entry in self.definitions[union]["oneOf"]:
            name = entry["$ref"].rsplit("/", 1)[1]
            frame_type = self.definitions[name]["properties"]["type"]["const"]
            frames.setdefault(frame_type, []).append(name)
        return frames

    def validator(self, name):
        if name not in self.validators:
            self.validators[name] = jsonschema.Draft7Validator(
                {"definitions": self.definitions, "$ref": f"#/definitions/{name}"},
                format_checker=jsonschema.FormatChecker(),
            )
        return self.validators[name]

    def check(self, frames, frame, direction):
        names = frames.get(frame.get("type"), []) if isinstance(frame, dict) else []
        if len(names) > 1:
            names = [
                name for name in names
                if ("id" in self.definitions[name]["required"]) == ("id" in frame)
            ]
        if not names:
            raise SchemaViolation(f"{direction} frame {json.dumps(frame)} is of no type the schema knows")
        error = jsonschema.exceptions.best_match(self.validator(names[0]).iter_errors(frame))
        if error is not None:
            where = ".".join(str(part) for part in error.absolute_path) or "$"
            raise SchemaViolation(
                f"{direction} frame {json.dumps(frame)} breaks {names[0]} at {where}: {error.message}"
            )
        self.checked += 1


def post_json(url, body, token=None):
    """POSTs `body` as JSON and returns the decoded JSON answer."""
    headers = {"content-type": "application/json"}
    if token is not None:
        headers["authorization"] = f"Bearer {token}"
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers=headers, method="POST"
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
        return json.loads(response.read())


def chat_channel(asyncapi_file):
    """The chat channel's address and protocol version, from the AsyncAPI document."""
    channel = json.loads(asyncapi_file.read_text())["channels"]["chat"]
    return channel["address"], channel["x-wiretype-version"]


class ChatConnection:
    """One WebSocket to the chat channel, validating both directions."""

    def __init__(self, socket, frames):
        self.socket = socket
        self.frames = frames
        self.next_id = 1

    async def send(self, frame):
        self.frames.check(self.frames.outgoing, frame, "outgoing")
        await self.socket.send(json.dumps(frame))

    async def receive(self, wanted, request_id=None, match=lambda data: True):
        """Returns the data of the next `wanted` frame (with `request_id`, if given) that `match`es."""
        while True:
            raw = await asyncio.wait_for(self.socket.recv(), timeout=TIMEOUT_SECONDS)
            frame = json.loads(raw)
            self.frames.check(self.frames.incoming, frame, "incoming")
            if frame["type"] == "ping":
                await self.send({"type": "pong", "data": None})
            elif frame["type"] == "error":
                raise RuntimeError(f"the server answered with an error: {frame['data']}")
            elif (
                frame["type"] == wanted
                and frame.get("id") == request_id
                and match(frame["data"])
            ):
                return frame["data"]

    async def call(self, rpc, data):
        request_id = self.next_id
        self.next_id += 1
        await self.send({"type": rpc, "id": request_id, "data": data})
        return await self.receive(rpc, request_id)


async def chat(base_url, name, room, text, gen):
    frames = Frames(gen / "chat_schema.json")
    address, version = chat_channel(gen / "chat_asyncapi.json")
    token = post_json(f"{base_url}/login", {"name": name})["token"]
    ticket = post_json(f"{base_url}/auth/ticket", {}, token)["ticket"]
    print(f"logged in as {name}")
    scheme = "wss" if base_url.startswith("https:") else "ws"
    host = urllib.parse.urlsplit(base_url).netloc
    url = f"{scheme}://{host}{address}?ticket={urllib.parse.quote(ticket)}"
    async with websockets.connect(url, subprotocols=[f"wiretype.{version}"]) as socket:
        connection = ChatConnection(socket, frames)
        welcome = await connection.receive("welcome")
        print(f"connected to {address} (version {welcome['version']}) as connection {welcome['connectionId']}")
        await connection.send({"type": "join", "data": {"room": room}})
        await connection.receive("joined", match=lambda data: data["user"] == name)
        print(f"joined #{room}")
        await connection.send({"type": "say", "data": {"room": room, "text": text}})
        await connection.receive("message", match=lambda data: data["user"] == name)
        print(f"said: {text}")
        messages = (await connection.call("history", {"room": room, "limit": 10}))["messages"]
        last = messages[-1]["text"] if messages else None
        print(f"history: {len(messages)} message(s), the last: {json.dumps(last)}")
    print(f"validated {frames.checked} frames against {gen / 'chat_schema.json'}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("base_url", help="the demo's address, e.g. http://localhost:8000")
    parser.add_argument("--name", default="python")
    parser.add_argument("--room", default="python")
    parser.add_argument("--text", default="hello from Python")
    parser.add_argument("--gen", type=pathlib.Path, default=GEN, help="the folder of chat_schema.json and chat_asyncapi.json")
    args = parser.parse_args()
    try:
        asyncio.run(chat(args.base_url.rstrip("/"), args.name, args.room, args.text, args.gen))
    except SchemaViolation as violation:
        print(f"error: {violation}", file=sys.stderr)
        sys.exit(1)
    except (OSError, RuntimeError, asyncio.TimeoutError, websockets.WebSocketException) as failure:
        print(f"error: {type(failure).__name__}: {failure}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
