"""Drives the wiretype chat protocol with Python's `websockets` library.

Usage: /usr/bin/python3 python_chat_client.py ws://127.0.0.1:PORT/chat VERSION

Speaks the protocol as a generated client would (the version subprotocol,
pong answers to pings, join, say, an RPC) and sends the bad input a buggy
client would (invalid JSON, invalid data, an unknown type, a binary frame).
Prints one JSON line per check; exits 1 on the first failed check.
"""

import asyncio
import json
import sys

import websockets


async def next_of_type(socket, wanted):
    """Returns the next frame of type `wanted`, answering pings on the way."""
    while True:
        frame = json.loads(await asyncio.wait_for(socket.recv(), timeout=10))
        if frame["type"] == "ping":
            await socket.send(json.dumps({"type": "pong", "data": None}))
        elif frame["type"] == wanted:
            return frame


def check(name, condition, detail):
    print(json.dumps({"check": name, "ok": bool(condition), "detail": detail}), flush=True)
    if not condition:
        sys.exit(1)


async def main(url, version):
    async with websockets.connect(url, subprotocols=["wiretype." + version]) as socket:
        check("subprotocol", socket.subprotocol == "wiretype." + version, socket.subprotocol)
        welcome = await next_of_type(socket, "welcome")
        check("welcome", isinstance(welcome["data"]["connectionId"], str), welcome)

        await socket.send(json.dumps({"type": "join", "data": {"room": "interop"}}))
        joined = await next_of_type(socket, "joined")
        check("joined", joined["data"]["room"] == "interop", joined)

        await socket.send(json.dumps({"type": "say", "data": {"room": "interop", "text": "hello from python"}}))
        message = await next_of_type(socket, "message")
        check("message", message["data"]["text"] == "hello from python", message)

        await socket.send(json.dumps({"type": "history", "id": 41, "data": {"room": "interop", "limit": 10}}))
        history = await next_of_type(socket, "history")
        check("rpc", history["id"] == 41 and len(history["data"]["messages"]) >= 1, history)

        await socket.send("{not json")
        error = await next_of_type(socket, "error")
        check("invalid_json", error["data"]["code"] == "invalid_json", error)

        await socket.send(json.dumps({"type": "say", "data": {"room": "UPPER", "text": "x"}}))
        error = await next_of_type(socket, "error")
        check("invalid_data", error["data"]["code"] == "invalid_data" and error["data"]["path"] == "$.room", error)

        await socket.send(json.dumps({"type": "history", "id": 42, "data": {"room": "interop", "limit": 0}}))
        error = await next_of_type(socket, "error")
        check("invalid_rpc", error["id"] == 42 and error["data"]["path"] == "$.limit", error)

        await socket.send(json.dumps({"type": "teleport", "data": {}}))
        error = await next_of_type(socket, "error")
        check("unknown_type", error["data"]["code"] == "unknown_type", error)

        await socket.send(b"\x00\x01binary")
        error = await next_of_type(socket, "error")
        check("binary", error["data"]["code"] == "binary_not_supported", error)

        await socket.send(json.dumps({"type": "say", "data": {"room": "interop", "text": "still fine"}}))
        message = await next_of_type(socket, "message")
        check("usable_after_errors", message["data"]["text"] == "still fine", message)

        await socket.close(code=1000, reason="python done")
        check("closed", socket.close_code == 1000, socket.close_code)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
