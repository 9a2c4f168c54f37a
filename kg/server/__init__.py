"""The read-only SPARQL endpoint and web pages over the store: ``kg serve``.

Nothing heavy is imported here: the worker processes import ``kg.server.workers`` and must not pay for
starlette or uvicorn. Use :func:`build_app` in-process (tests) and :func:`serve` from the CLI.
"""
from __future__ import annotations

import ipaddress
import logging
import socket
from pathlib import Path

from kg.errors import KgError

DEFAULT_BASE = "https://w3id.org/kg-vn/"

log = logging.getLogger("kg.server")


def build_app(store_dir: str | Path, **options):
    """The ASGI app; see :func:`kg.server.app.build_app` for the options."""
    from kg.server.app import build_app as _build_app

    return _build_app(store_dir, **options)


def serve(
    store_dir: str | Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    timeout_s: float = 30.0,
    max_rows: int = 10_000,
    workers: int = 2,
    base: str = DEFAULT_BASE,
    max_body_bytes: int = 1_000_000,
    memory_mb: int | None = 4096,
    queries_dir: str | Path | None = None,
    log_level: str = "info",
    cache_mb: float = 64,
    announce=None,
) -> None:
    """Serve the store at http://host:port/ until interrupted (loopback unless ``host`` says otherwise).

    ``timeout_s``: a query still running after this many seconds is ended (its worker process is
    killed and replaced) and answered 503. ``max_rows``: answers are truncated to this many solutions
    or triples, with the header ``X-KG-Truncated``. ``workers``: query processes, each with the store
    open read-only. ``memory_mb``: address-space limit of each worker (None: no limit).
    ``cache_mb``: answers kept for repeated queries, in MB (the workers' read-only store is a snapshot,
    kg.server.cache); 0 evaluates every request.
    ``announce(url)`` is called once the store is open and the port bound, before serving.
    Raises StoreError when ``store_dir`` is not a store, KgError when the port cannot be bound.
    """
    import uvicorn

    app = build_app(
        store_dir, base=base, timeout_s=timeout_s, max_rows=max_rows, workers=workers,
        max_body_bytes=max_body_bytes, memory_mb=memory_mb, queries_dir=queries_dir, cache_mb=cache_mb,
    )
    listener = _listen(host, port)
    if announce is not None:
        announce(f"http://{host}:{listener.getsockname()[1]}/")
    if not _is_loopback(host):
        log.warning("kg serve: listening on %s, reachable from other machines", host)
    config = uvicorn.Config(app, host=host, port=port, log_level=log_level, timeout_graceful_shutdown=5)
    uvicorn.Server(config).run(sockets=[listener])


def _listen(host: str, port: int) -> socket.socket:
    """Bind the listening socket first, so a busy port is a one-line KgError, not a log line.

    The protocol is given as IPPROTO_TCP: asyncio turns Nagle's algorithm off (TCP_NODELAY) only on
    connections whose socket says so, and with it on a small answer waits ~40 ms for a delayed ACK.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((host, port))
    except OSError as error:
        listener.close()
        raise KgError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    return listener


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
