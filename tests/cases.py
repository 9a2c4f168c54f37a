"""Golden cases: tests/data/cases/<name>/input.* and expected.json, a readable projection of the records.

Regenerate after a deliberate change, then review the diff before committing:

    python tests/cases.py            # rewrites every expected.json
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

CASES = Path(__file__).resolve().parent / "data" / "cases"


def case_inputs() -> list[Path]:
    return sorted(p for folder in CASES.iterdir() if folder.is_dir() for p in folder.glob("input.*"))


def project(extraction) -> dict:
    """The parts of an extraction a golden case pins down."""
    doc = extraction.document
    return {
        "document": {k: getattr(doc, k) for k in ("kind", "symbol", "date", "date_partial", "issuer", "jurisdiction",
                                                  "signer", "signer_position")},
        "references": [[r.text, r.symbol, r.date, r.issuer] for r in extraction.references],
        "implicit_references": [[r.text, r.year, r.subject] for r in extraction.implicit_references],
        "relations": sorted({(r.subject, r.predicate, r.object or "?") for r in extraction.relations}),
        "tasks": [[t.label, list(t.lead), list(t.cooperating), list(t.lead_groups), t.deadline, list(t.implements)]
                  for t in extraction.tasks],
        "agencies": sorted([a.name, sorted(a.roles)] for a in extraction.agencies if not a.is_group),
        "meetings": [[m.date, m.title, m.chair] for m in extraction.meetings],
    }


def main() -> None:
    sys.path.insert(0, str(CASES.parent.parent.parent))
    from kg.extract.pipeline import extract_file
    for path in case_inputs():
        expected = json.loads(json.dumps(project(extract_file(str(path)))))
        (path.parent / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n",
                                                   encoding="utf-8")
        print(f"wrote {path.parent / 'expected.json'}")


if __name__ == "__main__":
    main()
