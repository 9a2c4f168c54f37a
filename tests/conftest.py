"""Shared fixtures: the corpus, the gold annotation, the extractions of the seeds (once per
session), and a click runner."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import pages

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def corpus_files() -> list[str]:
    return sorted(str(p) for p in CORPUS.glob("*.txt"))


@pytest.fixture(scope="session")
def gold() -> dict:
    return json.loads((DATA / "seeds.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_extractions(corpus_files):
    """The five seeds extracted once, number-only mentions resolved across them."""
    from kg.extract.batch import resolve_numbers
    from kg.extract.pipeline import extract_file
    return resolve_numbers([extract_file(path) for path in corpus_files])


@pytest.fixture(scope="session")
def seeds_by_name(seed_extractions):
    return {Path(e.source).name: e for e in seed_extractions}


@pytest.fixture
def runner():
    from click.testing import CliRunner
    return CliRunner()


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory, corpus_files) -> str:
    """The five seeds built into a store on disk (kg.build, one process), resolution graph included."""
    from kg.build import build
    path = str(tmp_path_factory.mktemp("seed-store") / "store")
    summary = build(corpus_files, path, jobs=1)
    assert not summary.failed, summary.failed
    return path


# -- real headless Chromium for the browser tests (helpers in tests/pages.py) -----------------------------------

@pytest.fixture(scope="module")
def browser():
    if not pages.CHROMIUM.exists():
        pytest.fail(f"{pages.CHROMIUM} is missing: install Debian's chromium (apt-get install chromium); "
                    "CI installs it and these tests need it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(pages.CHROMIUM), args=pages.CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser):
    opened = []

    def opener(path, **kwargs) -> pages.OpenPage:
        page = pages.OpenPage(browser, path, **kwargs)
        opened.append(page)
        return page

    yield opener
    for page in opened:
        page.close()


