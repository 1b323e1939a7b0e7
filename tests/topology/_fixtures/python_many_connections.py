"""Opens many WebSocket connections, each from its own source address.

Usage: /usr/bin/python3 python_many_connections.py < spec

The first stdin line is a JSON spec:
  {"url": "wss://127.0.0.1:8443/chat", "cafile": "ca.pem" or null,
   "subprotocol": "wiretype.<version>", "tokens": ["<jwt>", ...],
   "connections": [{"source": "127.0.1.1", "token": 0,
                    "forwardedFor": "198.51.100.1" or absent}, ...]}
Each connection binds its socket to `source` (Linux routes all of
127.0.0.0/8 to the loopback interface), authenticates with
`Authorization: Bearer tokens[token]`, sends its own `X-Forwarded-For` when
`forwardedFor` is given (a client trying to pass as someone else), and waits
for the server's `welcome`. Then prints one JSON line,
`{"opened": n, "failures": ["127.0.1.9: ...", ...]}`, holds every
connection open until stdin closes, closes them with 1000 and prints
`{"closed": n}`.
"""

import asyncio
import json
import ssl
import sys

import websockets

BATCH = 50


async def open_one(spec, context, connection):
    headers = {"authorization": "Bearer " + spec["tokens"][connection["token"]]}
    if "forwardedFor" in connection:
        headers["x-forwarded-for"] = connection["forwardedFor"]
    socket = await websockets.connect(
        spec["url"],
        ssl=context,
        subprotocols=[spec["subprotocol"]],
        extra_headers=headers,
        local_addr=(connection["source"], 0),
        open_timeout=15,
        ping_interval=None,
    )
    while True:
        frame = json.loads(await asyncio.wait_for(socket.recv(), timeout=15))
        if frame["type"] == "welcome":
            return socket


async def main():
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    spec = json.loads(await reader.readline())
    context = None
    if spec["url"].startswith("wss:"):
        context = ssl.create_default_context(cafile=spec["cafile"])
    sockets, failures = [], []
    connections = spec["connections"]
    for start in range(0, len(connections), BATCH):
        batch = connections[start : start + BATCH]
        results = await asyncio.gather(
            *(open_one(spec, context, connection) for connection in batch),
            return_exceptions=True,
        )
        for connection, result in zip(batch, results):
            if isinstance(result, BaseException):
                failures.append(connection["source"] + ": " + repr(result))
            else:
                sockets.append(result)
    print(json.dumps({"opened": len(sockets), "failures": failures}), flush=True)
    await reader.read()
    await asyncio.gather(
        *(socket.close(code=1000, reason="done") for socket in sockets),
        return_exceptions=True,
    )
    print(json.dumps({"closed": len(sockets)}), flush=True)


if __name__ == "__main__":
    asyncio.run(main())
