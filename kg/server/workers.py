"""A small pool of worker processes that evaluate queries, so a runaway query ends, not the server.

pyoxigraph evaluates a query in native code that Python cannot interrupt. Each worker is a process
that opens the store read-only and answers one request at a time over a socket (kg.server.evaluate does
the work and serializes the answer there). The web server hands a request to an idle worker and waits
at most ``timeout_s`` for the answer; past that it kills the worker (SIGKILL), answers "query timed out",
and starts a fresh worker in the background. The other workers go on answering meanwhile.

A request that finds no idle worker waits up to ``queue_timeout_s`` and is then answered "busy".
A worker may also be given an address-space limit (``memory_mb``), so a query that would fill the
machine's memory kills its own worker instead.
"""
from __future__ import annotations

import asyncio
import json
import logging
import os
import pickle
import signal
import socket
import struct
import subprocess
import sys
from multiprocessing.connection import Connection
from pathlib import Path

import kg
from kg.errors import StoreError

log = logging.getLogger("kg.server")

_START_TIMEOUT_S = 120.0


class QueryTimeout(Exception):
    """The worker did not answer in time; it has been killed."""


class WorkerDied(Exception):
    """The worker process ended while evaluating (out of memory, crash); it has been replaced."""


class WorkerFailed(Exception):
    """The operation raised an unexpected error inside the worker (which is still healthy)."""


class PoolBusy(Exception):
    """No worker became free in time."""


def _worker_main(conn, store_dir: str, options: dict, memory_mb: int | None) -> None:
    """The body of a worker process: open the store, then answer (operation, arguments) pairs."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the server; it stops us
    if memory_mb:
        import resource

        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        from kg.server.evaluate import Engine

        engine = Engine(store_dir, **options)
    except BaseException as error:  # report any failure to open: the server turns it into a message
        conn.send(("error", f"cannot open the store {store_dir}: {error}"))
        return
    conn.send(("ready", os.getpid()))
    while True:
        try:
            operation, arguments = conn.recv()
        except (EOFError, OSError):
            return  # the server closed the connection or went away
        try:
            answer = ("ok", getattr(engine, operation)(**arguments))
        except MemoryError:
            answer = ("error", "the query needed more memory than a worker may use")
        except Exception as error:
            answer = ("error", f"{type(error).__name__}: {error}")
        conn.send(answer)


class Worker:
    """One worker process (``python -m kg.server.workers``) and the server's end of its socket.

    A plain subprocess rather than multiprocessing's spawn: the worker never re-imports the server's
    ``__main__`` (a script, pytest, the ``kg`` command), so it starts the same way from anywhere.
    The server side is asyncio streams, not threads: no GIL hand-over between a waiting thread and
    the event loop on every query. Messages are pickles framed as multiprocessing.connection frames
    them (a 4-byte big-endian length, or -1 and an 8-byte length), which is what the worker speaks.
    """

    def __init__(self, process: subprocess.Popen, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self.process = process
        self.pid = process.pid
        self.reader = reader
        self.writer = writer

    @classmethod
    async def start(cls, store_dir: str, options: dict, memory_mb: int | None) -> "Worker":
        ours, theirs = socket.socketpair()
        package_root = str(Path(kg.__file__).resolve().parent.parent)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
        command = [
            sys.executable, "-m", "kg.server.workers", str(theirs.fileno()), store_dir,
            json.dumps(options), str(memory_mb or 0),
        ]
        process = subprocess.Popen(command, pass_fds=[theirs.fileno()], env=env, stdin=subprocess.DEVNULL)
        theirs.close()
        reader, writer = await asyncio.open_unix_connection(sock=ours, limit=2**20)
        worker = cls(process, reader, writer)
        try:
            status, detail = await asyncio.wait_for(worker._receive(), _START_TIMEOUT_S)
        except asyncio.TimeoutError:
            worker.kill()
            raise StoreError(f"a query worker did not start within {_START_TIMEOUT_S:.0f} s") from None
        except (asyncio.IncompleteReadError, ConnectionError):
            worker.kill()
            raise StoreError("a query worker died while opening the store") from None
        if status != "ready":
            worker.kill()
            raise StoreError(detail)
        return worker

    async def _receive(self, header: bytes | None = None):
        """One framed pickle from the worker; ``header``: its first 4 bytes, when already read."""
        header = header or await self.reader.readexactly(4)
        (size,) = struct.unpack("!i", header)
        if size == -1:
            (size,) = struct.unpack("!Q", await self.reader.readexactly(8))
        return pickle.loads(await self.reader.readexactly(size))

    async def call(self, operation: str, arguments: dict, timeout_s: float):
        """Run one operation; waits at most ``timeout_s`` for the answer to begin."""
        message = pickle.dumps((operation, arguments), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            self.writer.write(struct.pack("!i", len(message)) + message)
            await self.writer.drain()
            header = asyncio.ensure_future(self.reader.readexactly(4))
            try:
                await asyncio.wait_for(asyncio.shield(header), timeout_s)
            except asyncio.TimeoutError:
                header.cancel()
                raise QueryTimeout() from None
            status, value = await self._receive(header.result())
        except (asyncio.IncompleteReadError, ConnectionError):
            raise WorkerDied() from None
        if status == "error":
            raise WorkerFailed(value)
        return value

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        if self.alive():
            self.process.kill()
        self.process.wait(5)
        self.writer.close()

    async def stop(self) -> None:
        """Ask politely (closing the socket ends the worker's loop), then insist."""
        self.writer.close()
        try:
            await self.writer.wait_closed()
        except OSError:
            pass
        for _ in range(40):
            if not self.alive():
                return
            await asyncio.sleep(0.05)
        self.kill()


class WorkerPool:
    """``size`` worker processes shared by the requests of one server."""

    def __init__(
        self,
        store_dir: str | Path,
        *,
        size: int = 2,
        timeout_s: float = 30.0,
        queue_timeout_s: float | None = None,
        memory_mb: int | None = None,
        options: dict | None = None,
    ):
        self.store_dir = str(store_dir)
        self.size = max(1, size)
        self.timeout_s = timeout_s
        self.queue_timeout_s = timeout_s if queue_timeout_s is None else queue_timeout_s
        self.memory_mb = memory_mb
        self.options = dict(options or {})
        self._workers: set[Worker] = set()
        self._idle: asyncio.Queue | None = None
        self._start_lock: asyncio.Lock | None = None
        self._background: set[asyncio.Task] = set()
        self._closed = False
        self.restarts = 0

    def pids(self) -> list[int]:
        """Process ids of the live workers (for measurements)."""
        return [worker.pid for worker in self._workers if worker.alive()]

    async def start(self) -> None:
        """Start the workers (done on first use when not called)."""
        if self._start_lock is None:
            self._start_lock = asyncio.Lock()
        async with self._start_lock:
            if self._idle is not None:
                return
            idle: asyncio.Queue = asyncio.Queue()
            for worker in await asyncio.gather(*(self._new_worker() for _ in range(self.size))):
                idle.put_nowait(worker)
            self._idle = idle

    async def _new_worker(self) -> Worker:
        worker = await Worker.start(self.store_dir, self.options, self.memory_mb)
        self._workers.add(worker)
        return worker

    async def run(self, operation: str, timeout_s: float | None = None, **arguments):
        """Run ``operation`` on a free worker. Raises QueryTimeout, WorkerDied, WorkerFailed, PoolBusy."""
        if self._idle is None:
            await self.start()
        try:
            worker = await asyncio.wait_for(self._idle.get(), self.queue_timeout_s)
        except asyncio.TimeoutError:
            raise PoolBusy() from None
        # The call goes on in its own task, so a cancelled request still returns its worker.
        task = asyncio.ensure_future(self._use(worker, operation, arguments, timeout_s or self.timeout_s))
        return await asyncio.shield(task)

    async def _use(self, worker: Worker, operation: str, arguments: dict, timeout_s: float):
        try:
            value = await worker.call(operation, arguments, timeout_s)
        except (QueryTimeout, WorkerDied):
            self._replace(worker)
            raise
        except BaseException:
            self._idle.put_nowait(worker)
            raise
        self._idle.put_nowait(worker)
        return value

    def _replace(self, worker: Worker) -> None:
        """Kill ``worker`` now and start its successor in the background."""
        self._workers.discard(worker)
        worker.kill()
        if self._closed:
            return
        self.restarts += 1
        task = asyncio.ensure_future(self._respawn())
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _respawn(self) -> None:
        try:
            worker = await self._new_worker()
        except Exception:  # the pool shrinks by one; requests still go to the others
            log.exception("could not start a replacement query worker")
            return
        if self._idle is not None:
            self._idle.put_nowait(worker)

    async def close(self) -> None:
        self._closed = True
        for task in list(self._background):
            task.cancel()
        workers, self._workers = list(self._workers), set()
        await asyncio.gather(*(worker.stop() for worker in workers))
        self._idle = None


def main(argv: list[str]) -> None:
    """``python -m kg.server.workers FD STORE OPTIONS_JSON MEMORY_MB``: run one worker."""
    fd, store_dir, options, memory_mb = argv
    _worker_main(Connection(int(fd)), store_dir, json.loads(options), int(memory_mb) or None)


if __name__ == "__main__":
    main(sys.argv[1:])
