"""Extraction throughput on one core: corpus/ and a generated corpus.

    python bench/bench_extract.py --documents 10000

Prints characters and documents per second after start-up, the pipeline build time, the time of
``kg --help`` in a fresh process, and, in the same run, the throughput with spaCy's stock
Vietnamese tokenizer (the obvious alternative) on a sample. Figures only; no assertions.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def measure(paths: list[Path], extract) -> tuple[float, float, int, int]:
    """(wall seconds, CPU seconds of this process, characters, bytes). CPU time is the one-core figure:
    it does not count time the process waited for a core on a busy machine."""
    texts = [p.read_text(encoding="utf-8") for p in paths]
    wall, cpu = time.perf_counter(), time.process_time()
    for path, text in zip(paths, texts):
        extract(text, str(path))
    return (time.perf_counter() - wall, time.process_time() - cpu,
            sum(len(t) for t in texts), sum(len(t.encode("utf-8")) for t in texts))


def report(name: str, wall: float, cpu: float, chars: int, size: int, documents: int) -> None:
    print(f"{name:<40} {documents:>6} docs {size / 1e6:7.1f} MB  wall {wall:7.2f} s  cpu {cpu:7.2f} s  "
          f"{chars / cpu / 1e6:5.2f} M chars/s  {size / cpu / 1e6:5.2f} MB/s  {documents / cpu:7.1f} docs/s (per CPU second)")


def main() -> None:
    parser = argparse.ArgumentParser(description="Extraction throughput")
    parser.add_argument("--documents", type=int, default=10000)
    parser.add_argument("--stock-sample", type=int, default=200, help="documents for the stock-tokenizer run")
    args = parser.parse_args()

    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "kg.cli", "--help"], capture_output=True, cwd=ROOT)
    help_time = time.perf_counter() - started
    assert out.returncode == 0, out.stderr

    from corpus_gen import generate

    from kg.extract import pipeline
    from kg.ingest import normalize

    started = time.perf_counter()
    pipeline.get_pipeline()
    build_time = time.perf_counter() - started
    pipeline.extract_text((ROOT / "corpus" / "004_0c44b8b32b54e5ec.txt").read_text(encoding="utf-8"))  # warm up:
    # patterns compile on first use; the goal is the throughput after start-up
    print(f"kg --help in a fresh process: {help_time * 1000:.0f} ms; pipeline built once in {build_time * 1000:.0f} ms")

    corpus = sorted((ROOT / "corpus").glob("*.txt"))
    wall, cpu, chars, size = measure(corpus, lambda t, s: pipeline.extract_text(t, s))
    report("corpus/ (5 seeds)", wall, cpu, chars, size, len(corpus))

    with tempfile.TemporaryDirectory() as folder:
        paths = generate(folder, args.documents)
        wall, cpu, chars, size = measure(paths, lambda t, s: pipeline.extract_text(t, s))
        report(f"generated ({args.documents} documents)", wall, cpu, chars, size, len(paths))

        stock = pipeline.build_pipeline()
        import spacy
        stock.tokenizer = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}}).tokenizer
        from kg.extract.to_records import to_extraction

        def with_stock(text: str, source: str):
            view = normalize(text)
            return to_extraction(stock(view.text), view, source, "")

        sample = paths[: args.stock_sample]
        wall, cpu, chars, size = measure(sample, with_stock)
        report("same, spaCy stock vi tokenizer (sample)", wall, cpu, chars, size, len(sample))
        wall, cpu, chars, size = measure(sample, lambda t, s: pipeline.extract_text(t, s))
        report("same sample, kg pipeline", wall, cpu, chars, size, len(sample))


if __name__ == "__main__":
    main()
