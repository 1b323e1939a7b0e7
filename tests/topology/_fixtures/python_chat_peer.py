"""A demo chat user written with Python's `websockets`, driven line by line.

Usage: /usr/bin/python3 python_chat_peer.py BASE_URL CA_FILE VERSION NAME ROOM

Signs in at BASE_URL (`https://...`, verified against CA_FILE, never
unverified), gets a one-time ticket before every connection, connects to
`wss://.../chat` with the protocol version, joins ROOM, answers pings, and
reconnects with a fresh ticket when the server closes the connection (a node
shutting down says 1001). Reads commands from stdin, one JSON object a line:
`{"say": "text"}`. Writes events to stdout, one JSON object a line:
`{"event": "open"}`, `{"event": "closed", "code": 1001}`,
`{"event": "message", "user": "...", "text": "..."}`, `{"event": "error", ...}`.
Exits when stdin closes.
"""

import asyncio
import json
import ssl
import sys
import urllib.request

import websockets


def emit(**event):
    print(json.dumps(event), flush=True)


def post_json(url, context, body=None, token=None):
    headers = {"content-type": "application/json"}
    if token is not None:
        headers["authorization"] = "Bearer " + token
    request = urllib.request.Request(
        url, data=json.dumps(body or {}).encode(), headers=headers, method="POST"
    )
    with urllib.request.urlopen(request, context=context, timeout=10) as response:
        return json.loads(response.read())


async def read_commands(outbox):
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while True:
        line = await reader.readline()
        if not line:
            await outbox.put(None)
            return
        await outbox.put(json.loads(line))


async def session(base, context, version, token, room, outbox):
    """One connection: returns when it closes (with its code) or stdin ends."""
    ticket = await asyncio.to_thread(
        post_json, base + "/auth/ticket?route=/chat", context, None, token
    )
    url = base.replace("https://", "wss://") + "/chat?ticket=" + ticket["ticket"]
    async with websockets.connect(
        url, ssl=context, subprotocols=["wiretype." + version], open_timeout=10
    ) as socket:
        await socket.send(json.dumps({"type": "join", "data": {"room": room}}))
        emit(event="open")

        quitting = False

        async def send_commands():
            nonlocal quitting
            while True:
                command = await outbox.get()
                if command is None:
                    quitting = True
                    await socket.close(code=1000, reason="done")
                    return
                await socket.send(
                    json.dumps({"type": "say", "data": {"room": room, "text": command["say"]}})
                )

        sender = asyncio.create_task(send_commands())
        try:
            async for raw in socket:
                frame = json.loads(raw)
                if frame["type"] == "ping":
                    await socket.send(json.dumps({"type": "pong", "data": None}))
                elif frame["type"] == "message":
                    emit(event="message", user=frame["data"]["user"], text=frame["data"]["text"])
        except websockets.ConnectionClosed:
            pass
        if not sender.done():
            sender.cancel()
        return "quit" if quitting else socket.close_code


async def main(base, ca_file, version, name, room):
    context = ssl.create_default_context(cafile=ca_file)
    token = (await asyncio.to_thread(post_json, base + "/login", context, {"name": name}))["token"]
    outbox = asyncio.Queue()
    # The loop keeps only a weak reference to a task: hold this one.
    commands = asyncio.create_task(read_commands(outbox))
    delay = 0.1
    while True:
        try:
            code = await session(base, context, version, token, room, outbox)
        except (OSError, websockets.WebSocketException, urllib.error.URLError) as error:
            emit(event="error", error=repr(error))
            code = None
        if code == "quit":
            commands.cancel()
            return
        emit(event="closed", code=code)
        await asyncio.sleep(delay)
        delay = min(delay * 2, 2)


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:6]))
