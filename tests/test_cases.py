"""Golden cases of genres the seeds lack (a decision in legal-website markdown, a Prime Minister's
directive, an OCR-noisy conclusion notice). Each expected.json was reviewed by hand; see tests/cases.py."""
from __future__ import annotations

import json

import pytest

from cases import case_inputs, project


@pytest.mark.parametrize("path", case_inputs(), ids=lambda p: p.parent.name)
def test_golden_case(path):
    from kg.extract.pipeline import extract_file

    expected = json.loads((path.parent / "expected.json").read_text(encoding="utf-8"))
    actual = json.loads(json.dumps(project(extract_file(str(path)))))
    for key in expected:
        assert actual[key] == expected[key], f"{path.parent.name}: {key} differs (regenerate with tests/cases.py after review)"
