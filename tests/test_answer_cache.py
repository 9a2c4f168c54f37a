"""The server's answer cache (kg.server.cache): bounded, least recently used out first, one evaluation for
concurrent identical requests, errors never kept; and through the app, a repeated query is answered from it."""
from __future__ import annotations

import asyncio

import pyoxigraph
import pytest

from kg.server.cache import AnswerCache


def test_the_cache_is_bounded_and_drops_the_least_recently_used():
    cache = AnswerCache(4000)  # answers of up to 500 bytes are kept
    for key in "abcdefgh":
        cache.put(key, key.upper(), 500)
    assert cache.size == 4000 and len(cache) == 8
    assert cache.get("a") == "A"  # a is now the most recent
    cache.put("i", "I", 500)
    assert cache.get("b") is None and [cache.get(k) for k in "acdefghi"] == list("ACDEFGHI")
    assert cache.size == 4000
    cache.put("big", "B", 501)  # more than an eighth of the bound: not kept, nothing dropped
    assert cache.get("big") is None and len(cache) == 8
    cache.clear()
    assert len(cache) == 0 and cache.size == 0


def test_concurrent_requests_wait_for_one_evaluation_and_errors_are_not_kept():
    async def scenario():
        cache = AnswerCache(10_000)
        calls = []

        async def compute():
            calls.append(1)
            await asyncio.sleep(0.05)
            return "answer"

        answers = await asyncio.gather(*(cache.get_or_compute("q", compute, lambda _: 10) for _ in range(5)))
        assert answers == ["answer"] * 5 and len(calls) == 1
        assert await cache.get_or_compute("q", compute, lambda _: 10) == "answer" and len(calls) == 1
        assert (cache.hits, cache.misses) == (5, 1)

        async def failing():
            calls.append(1)
            raise ValueError("no")

        for _ in range(2):
            with pytest.raises(ValueError):
                await cache.get_or_compute("bad", failing, lambda _: 10)
        assert cache.get("bad") is None and len(calls) == 3
        assert await cache.get_or_compute("unsized", compute, lambda _: None) == "answer"
        assert cache.get("unsized") is None  # size None: an answer not to keep

    asyncio.run(scenario())


@pytest.mark.parametrize("cache_mb", [64, 0])
def test_a_repeated_query_is_answered_from_the_cache(tmp_path, cache_mb):
    import httpx

    from kg.server import build_app

    store = pyoxigraph.Store(str(tmp_path / "store"))
    node = pyoxigraph.NamedNode("https://w3id.org/kg-vn/eli/nq/2024/01-nq-cp")
    store.add(pyoxigraph.Quad(node, pyoxigraph.NamedNode("https://w3id.org/kg-vn/ontology#symbol"),
                              pyoxigraph.Literal("01/NQ-CP"), pyoxigraph.NamedNode("urn:test")))
    store.flush()
    del store
    app = build_app(tmp_path / "store", workers=1, timeout_s=20, cache_mb=cache_mb)
    query = {"query": "SELECT ?d WHERE { ?d kg:symbol ?s }"}

    async def requests():
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://kg.test") as client:
                answers = [await client.get("/sparql", params=query) for _ in range(2)]
                answers += [await client.get("/sparql", params={"query": "SELECT nonsense"}) for _ in range(2)]
                return answers

    first, second, *bad = asyncio.run(requests())
    assert first.status_code == second.status_code == 200 and first.content == second.content
    assert "01-nq-cp" in first.text
    assert [answer.status_code for answer in bad] == [400, 400]  # errors are evaluated each time
    if cache_mb:
        assert (app.state.cache.hits, app.state.cache.misses, len(app.state.cache)) == (1, 3, 1)
    else:
        assert app.state.cache is None
