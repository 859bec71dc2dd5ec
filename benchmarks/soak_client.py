"""The soak's load: many asyncio clients on keep-alive HTTP/1.1 connections, in their own process.

Each client owns one connection and sends requests taken at random (seeded) from a catalogue of
pre-encoded requests, one at a time, until the time is up. A request whose connection is reset or
closed before a complete answer, or that gets no answer within the timeout, is a dropped
connection (status 0); the client then opens a new connection. Answers are read whole
(Content-Length, chunked, or until close) and discarded.
"""

import asyncio
import random
import time
from dataclasses import dataclass, field

DROPPED = 0
CUT = "answer cut after its head"  # e.g. a stream whose 200 had gone out
READ_LIMIT = 1 << 20  # longest header block or chunk-size line accepted


@dataclass(frozen=True)
class Request:
    """One request, encoded once: `kind` names it in the report (e.g. "valid", "bad JSON")."""

    kind: str
    method: str
    target: str
    raw: bytes


@dataclass
class Record:
    """What one request got: wall-clock start, seconds taken, status (0: dropped)."""

    start: float
    seconds: float
    status: int
    kind: str
    error: str = ""


@dataclass
class LoadSpec:
    host: str
    port: int
    catalogue: list[Request]
    weights: list[float]
    clients: int = 200
    seconds: float = 60.0
    timeout: float = 30.0
    seed: int = 1
    keep_alive: bool = True  # False: one connection per request ("Connection: close")
    records: list[Record] = field(default_factory=list)


def encode(
    kind: str,
    method: str,
    target: str,
    host: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> Request:
    """A request as the bytes an HTTP/1.1 client sends."""
    lines = [f"{method} {target} HTTP/1.1", f"Host: {host}"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    if body is not None or method in ("POST", "PUT", "PATCH"):
        body = body or b""
        lines.append(f"Content-Length: {len(body)}")
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    return Request(kind, method, target, head + (body or b""))


def with_close(request: Request) -> Request:
    """The same request asking the server to close the connection after answering."""
    raw = request.raw.replace(b"\r\n", b"\r\nConnection: close\r\n", 1)
    return Request(request.kind, request.method, request.target, raw)


class Connection:
    """One keep-alive connection, reopened after the server closes it."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.previous = ""  # what the connection last answered, while it stays open
        self.answering = False  # the head of an answer came, its body is being read

    async def send(self, request: Request) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(
                self.host, self.port, limit=READ_LIMIT
            )
            self.previous = ""
        assert self.reader is not None
        self.writer.write(request.raw)
        try:
            await self.writer.drain()
        except ConnectionError:
            pass  # the server may answer (413) and close before reading a large body: read on
        self.answering = False
        status, keep_alive = await read_response(self.reader, request.method, self)
        self.answering = False
        self.previous = f"{request.kind} {request.method} {status}"
        if not keep_alive:
            self.close()
        return status

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def read_response(
    reader: asyncio.StreamReader, method: str, connection: Connection
) -> tuple[int, bool]:
    """Read one whole answer; its status, and whether the connection stays open."""
    head = await reader.readuntil(b"\r\n\r\n")
    connection.answering = True
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    keep_alive = headers.get("connection", "").lower() != "close"
    if method == "HEAD" or status in (204, 304) or status < 200:
        return status, keep_alive
    if headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                return status, keep_alive
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
        return status, keep_alive
    await reader.read()  # no length: the body ends when the server closes
    return status, False


async def _client(spec: LoadSpec, number: int, deadline: float) -> None:
    rng = random.Random(spec.seed * 100_003 + number)
    connection = Connection(spec.host, spec.port)
    while time.time() < deadline:
        request = rng.choices(spec.catalogue, spec.weights)[0]
        if not spec.keep_alive:
            request = with_close(request)
        start = time.time()
        try:
            status = await asyncio.wait_for(connection.send(request), spec.timeout)
            error = ""
        except (
            OSError,
            asyncio.IncompleteReadError,
            asyncio.LimitOverrunError,
            asyncio.TimeoutError,
            ValueError,
            IndexError,
        ) as exc:
            status, error = DROPPED, type(exc).__name__
            if connection.answering:
                error = CUT
            elif connection.previous:  # a kept-alive connection: say what it answered before
                error += f" on a connection kept open after: {connection.previous}"
            connection.close()
        spec.records.append(Record(start, time.time() - start, status, request.kind, error))
    connection.close()


async def _run(spec: LoadSpec) -> list[Record]:
    deadline = time.time() + spec.seconds
    await asyncio.gather(*(_client(spec, n, deadline) for n in range(spec.clients)))
    return spec.records


def run_load(spec: LoadSpec) -> list[Record]:
    """Run the clients to the end of `spec.seconds` (call in a separate process)."""
    return asyncio.run(_run(spec))
