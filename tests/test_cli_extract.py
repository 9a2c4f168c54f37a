"""``kg extract`` and ``kg evaluate`` as a user runs them: the JSON contract, bad input, --help."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from kg.cli import cli

CONTRACT = {
    "document": {"kind", "symbol", "date", "issuer", "title", "signer"},
    "references": {"start", "end", "text", "kind", "symbol", "date", "issuer"},
    "agencies": {"name", "roles"},
    "tasks": {"label", "start", "end", "lead", "cooperating", "deadline", "implements"},
    "meetings": {"date", "title", "chair"},
    "relations": {"subject", "predicate", "object", "start", "end"},
}


def test_json_contract_on_the_corpus(runner, corpus_files):
    result = runner.invoke(cli, ["extract", *corpus_files, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [item["source"] for item in data] == corpus_files
    for item in data:
        assert CONTRACT["document"] <= set(item["document"])
        for key in ("references", "agencies", "tasks", "meetings", "relations"):
            for entry in item[key]:
                assert CONTRACT[key] <= set(entry), (key, entry)
        text = open(item["source"], encoding="utf-8").read()
        for ref in item["references"]:
            assert text[ref["start"]:ref["end"]] == ref["text"]


def test_plan_identity_and_its_implementation_of_the_resolution(runner):
    result = runner.invoke(cli, ["extract", "corpus/004_0c44b8b32b54e5ec.txt"])
    plan = json.loads(result.stdout)[0]
    assert plan["document"]["kind"] == "Kế hoạch"
    assert plan["document"]["symbol"] == "/KH-UBND"      # the number is blank in the draft
    assert plan["document"]["date_partial"] == "2024-01"  # "ngày  tháng 01 năm 2024"
    assert {"subject": "THIS", "predicate": "implements", "object": "01/NQ-CP"}.items() <= plan["relations"][0].items()


def test_number_only_mentions_resolved_across_the_batch(runner, corpus_files):
    data = json.loads(runner.invoke(cli, ["extract", *corpus_files]).stdout)
    notice = next(item for item in data if item["source"].endswith("002_7b90748c58dc7965.txt"))
    resolved = {r["text"].split(" của")[0]: r["symbol"] for r in notice["references"] if r["number_only"]}
    assert resolved == {"Chỉ thị số 19": "19-CT/TU", "Kết luận số 120": "120-KL/TU"}
    alone = json.loads(runner.invoke(cli, ["extract", notice["source"]]).stdout)[0]
    assert all(r["symbol"] is None for r in alone["references"] if r["number_only"])


def test_bad_files_are_reported_and_the_rest_is_extracted(runner, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    unknown = tmp_path / "notes.xyz"
    unknown.write_text("Nghị quyết số 01/NQ-CP")
    good = tmp_path / "good.txt"
    good.write_text("KẾ HOẠCH\nThực hiện Nghị quyết số 01/NQ-CP ngày 05/01/2024 của Chính phủ\n", encoding="utf-8")
    result = runner.invoke(cli, ["extract", str(empty), str(binary), str(unknown), str(good), "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [item["source"] for item in data] == [str(good)]
    errors = [line for line in result.stderr.splitlines() if line.startswith("kg: skipped")]
    assert len(errors) == 3
    assert "empty file" in errors[0] and str(empty) in errors[0]
    assert "binary" in errors[1] and "unknown format" in errors[2]
    assert "extracted 1 of 4 files" in result.stderr


def test_scanned_pdf_and_docx_are_read_for_real(runner, tmp_path):
    pytest.importorskip("reportlab")
    from docx import Document
    from reportlab.pdfgen import canvas

    scanned = tmp_path / "scan.pdf"
    page = canvas.Canvas(str(scanned))
    page.rect(100, 100, 300, 400, fill=1)
    page.save()
    document = Document()
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("1. Sở Tài chính: Chủ trì, phối hợp với Sở Tư pháp thực hiện Nghị quyết số 01/NQ-CP.")
    docx_path = tmp_path / "plan.docx"
    document.save(str(docx_path))
    result = runner.invoke(cli, ["extract", str(scanned), str(docx_path)])
    assert result.exit_code == 1
    assert "no text layer" in result.stderr
    plan = json.loads(result.stdout)[0]
    assert plan["tasks"][0]["lead"] == ["Sở Tài chính"]
    assert plan["relations"][0]["object"] == "01/NQ-CP"


def test_missing_path_is_one_line_and_non_zero(tmp_path):
    result = subprocess.run([sys.executable, "-m", "kg.cli", "extract", str(tmp_path / "nope.txt")],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0 and "no such file" in result.stderr
    assert "Traceback" not in result.stderr


def test_every_command_has_help(runner):
    from kg.cli import COMMANDS, LazyGroup
    available = LazyGroup().list_commands(None)
    for name in available:
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0 and "Usage" in result.output, name
    assert set(available) <= set(COMMANDS)


def test_help_does_not_import_heavy_libraries():
    code = "import sys; from kg.cli import cli; cli.main(['--help'], standalone_mode=False); " \
           "print(sorted(m for m in ('spacy', 'rdflib', 'networkx', 'pyvis', 'pyoxigraph') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_evaluate_prints_the_gold_figures(runner):
    result = runner.invoke(cli, ["evaluate", "corpus", "--format", "json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["references"]["f1"] >= 0.97 and figures["relations"]["f1"] >= 0.85
