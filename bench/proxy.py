"""A round-robin TCP proxy on loopback: one address in front of several application servers.

Not a production proxy (that is the host's own, e.g. nginx or haproxy): it lets bench/load.py
measure several servers behind one address on this machine. Each connection that arrives goes
to the next server in turn and stays with it, as haproxy's ``balance roundrobin`` in TCP mode
does; a browser's keep-alive connection therefore keeps its server, its next one may not.

    .venv/bin/python bench/proxy.py --listen 127.0.0.1:8000 127.0.0.1:8001 127.0.0.1:8002
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import socket
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress

CHUNK = 64 * 1024


def _address(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    return host or "127.0.0.1", int(port)


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(CHUNK):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        with suppress(RuntimeError):  # the loop is closing
            writer.close()


class RoundRobin:
    """Connections handed to ``backends`` in turn; ``connections`` counts them per backend."""

    def __init__(self, backends: list[tuple[str, int]]) -> None:
        self.backends = backends
        self._next = itertools.cycle(backends)
        self.connections: Counter = Counter()

    async def handle(self, client_reader, client_writer) -> None:
        backend = next(self._next)
        self.connections[backend] += 1
        try:
            server_reader, server_writer = await asyncio.open_connection(*backend)
        except OSError:
            client_writer.close()
            return
        # Ended by the proxy's stop: the connection simply closes.
        with suppress(asyncio.CancelledError):
            await asyncio.gather(_pipe(client_reader, server_writer), _pipe(server_reader, client_writer))


@contextmanager
def proxied(backends: list[str]) -> Iterator[tuple[str, RoundRobin]]:
    """The proxy on a free loopback port, in a thread of its own, until the block ends: its
    address (http://127.0.0.1:PORT) and its counts."""
    balancer = RoundRobin([_address(b.removeprefix("http://")) for b in backends])
    listening = socket.create_server(("127.0.0.1", 0), backlog=1024)
    port = listening.getsockname()[1]
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    stop: dict = {}

    async def serve() -> None:
        stop["event"] = asyncio.Event()
        server = await asyncio.start_server(balancer.handle, sock=listening)
        ready.set()
        await stop["event"].wait()
        server.close()
        # The connections still open (the clients have gone): ended, and waited for.
        pending = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)

    thread = threading.Thread(target=loop.run_until_complete, args=(serve(),), name="proxy", daemon=True)
    thread.start()
    ready.wait(10)
    try:
        yield f"http://127.0.0.1:{port}", balancer
    finally:
        loop.call_soon_threadsafe(stop["event"].set)
        thread.join(10)
        loop.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--listen", default="127.0.0.1:8000", help="loopback address (127.0.0.1:8000)")
    parser.add_argument("backends", nargs="+", help="host:port of each server")
    args = parser.parse_args()
    host, port = _address(args.listen)
    if not host.startswith("127.") and host not in ("localhost", "::1"):
        parser.error("the proxy listens on loopback only")
    balancer = RoundRobin([_address(b) for b in args.backends])

    async def serve() -> None:
        async with await asyncio.start_server(balancer.handle, host, port, backlog=1024) as server:
            await server.serve_forever()

    asyncio.run(serve())


if __name__ == "__main__":
    main()
