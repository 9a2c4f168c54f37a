"""Score extractions against a gold annotation (tests/data/seeds.json and its CONVENTIONS.md).

The measures, per the project's quality bar:
- reference mentions: a predicted mention matches a gold one when their spans overlap and the
  canonical symbols are equal; precision, recall, F1. Dates: accuracy over matched mentions.
- relations: unique (subject class, predicate, object) per document, where the subject class is
  THIS, a symbol, or DRAFT (any described, unnumbered document); implements/continues/based_on
  match through the gold ``alt_predicates``. Recall against the core tier; predictions that
  match a secondary relation are not counted as false positives.
- agencies with a role: unique (document, agency, role), names compared after folding case
  and tone marks.
- tasks: share of gold labels found, and of those, share whose lead agencies are equal.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from kg.records import Extraction
from kg.text import strip_marks

FLEXIBLE = {"implements", "continues", "based_on"}


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def line(self, name: str) -> str:
        return f"{name:<22} P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f} (tp={self.tp} fp={self.fp} fn={self.fn})"


@dataclass
class Report:
    references: Score
    reference_dates: tuple[int, int]
    relations: Score
    agencies: Score
    tasks_found: tuple[int, int]
    tasks_lead: tuple[int, int]
    tasks_deadline: tuple[int, int] = (0, 0)

    @property
    def date_accuracy(self) -> float:
        ok, total = self.reference_dates
        return ok / total if total else 1.0

    @property
    def task_recall(self) -> float:
        ok, total = self.tasks_found
        return ok / total if total else 1.0

    @property
    def lead_accuracy(self) -> float:
        ok, total = self.tasks_lead
        return ok / total if total else 1.0

    def lines(self) -> list[str]:
        return [
            self.references.line("reference mentions"),
            f"{'reference dates':<22} accuracy={self.date_accuracy:.3f} ({self.reference_dates[0]}/{self.reference_dates[1]})",
            self.relations.line("relations (core)"),
            self.agencies.line("agencies with a role"),
            f"{'tasks found':<22} {self.task_recall:.3f} ({self.tasks_found[0]}/{self.tasks_found[1]})",
            f"{'tasks with right lead':<22} {self.lead_accuracy:.3f} ({self.tasks_lead[0]}/{self.tasks_lead[1]})",
            f"{'task deadlines right':<22} {self.deadline_accuracy:.3f} ({self.tasks_deadline[0]}/{self.tasks_deadline[1]})",
        ]

    @property
    def deadline_accuracy(self) -> float:
        ok, total = self.tasks_deadline
        return ok / total if total else 1.0


def fold(name: str | None) -> str:
    """Compare names without case, tone marks or spacing around dashes."""
    text = strip_marks((name or "").lower())
    return re.sub(r"\s*[-–—]\s*", "-", re.sub(r"\s+", " ", text)).strip()


_SYMBOLISH = re.compile(r"^\d*[-/]")


def subject_class(subject: str) -> str:
    if subject == "THIS":
        return "THIS"
    if _SYMBOLISH.match(subject) and " " not in subject:
        return subject.split("@")[0]
    return "DRAFT"


def _predicates(relation: dict[str, Any]) -> set[str]:
    return {relation["predicate"], *relation.get("alt_predicates", [])}


def score(extractions: list[Extraction], gold: dict[str, Any]) -> Report:
    refs, rels, agencies = Score(), Score(), Score()
    dates_ok = dates_total = found = total = lead_ok = deadline_ok = 0
    by_name = {e.source.replace("\\", "/").rsplit("/", 1)[-1]: e for e in extractions}
    for name, annotation in gold.items():
        extraction = by_name.get(name)
        if extraction is None:
            continue
        # Reference mentions
        used: set[int] = set()
        for item in annotation["references"]:
            g_start, g_end = item["offset"], item["offset"] + len(item["text"])
            hit = next((i for i, r in enumerate(extraction.references) if i not in used
                        and r.start < g_end and g_start < r.end and r.symbol == item["canonical_symbol"]), None)
            if hit is None:
                refs.fn += 1
                refs.errors.append(f"{name[:3]} missed {item['text']!r} ({item['canonical_symbol']})")
                continue
            used.add(hit)
            refs.tp += 1
            dates_total += 1
            dates_ok += extraction.references[hit].date == item["date"]
        for i, r in enumerate(extraction.references):
            if i not in used:
                refs.fp += 1
                refs.errors.append(f"{name[:3]} extra {r.text!r} ({r.symbol})")
        # Relations
        gold_core = {(subject_class(r["subject"]), r["object"].split("@")[0], frozenset(_predicates(r)))
                     for r in annotation["relations"] if r.get("tier", "core") == "core"}
        gold_all = {(subject_class(r["subject"]), r["object"].split("@")[0], frozenset(_predicates(r)))
                    for r in annotation["relations"]}
        predicted = {(subject_class(r.subject), r.object, r.predicate) for r in extraction.relations if r.object}

        def matches(pred: tuple[str, str, str], entry: tuple[str, str, frozenset]) -> bool:
            return pred[0] == entry[0] and pred[1] == entry[1] and pred[2] in entry[2]

        for entry in gold_core:
            if any(matches(p, entry) for p in predicted):
                rels.tp += 1
            else:
                rels.fn += 1
                rels.errors.append(f"{name[:3]} missed relation {entry[0]} {sorted(entry[2])} {entry[1]}")
        for pred in predicted:
            if not any(matches(pred, entry) for entry in gold_all):
                rels.fp += 1
                rels.errors.append(f"{name[:3]} extra relation {pred}")
        # Agencies with a role
        gold_roles = {(fold(a["name"]), role) for a in annotation["agencies"] for role in a["roles"]}
        pred_roles = {(fold(a.name), role) for a in extraction.agencies if not a.is_group for role in a.roles}
        agencies.tp += len(gold_roles & pred_roles)
        agencies.fp += len(pred_roles - gold_roles)
        agencies.fn += len(gold_roles - pred_roles)
        agencies.errors += [f"{name[:3]} missed role {x}" for x in sorted(gold_roles - pred_roles)]
        agencies.errors += [f"{name[:3]} extra role {x}" for x in sorted(pred_roles - gold_roles)]
        # Tasks
        predicted_tasks = {t.label: t for t in extraction.tasks}
        for task in annotation["tasks"]:
            total += 1
            mine = predicted_tasks.get(task["label"])
            if mine is None:
                continue
            found += 1
            if sorted(map(fold, mine.lead)) == sorted(map(fold, task["lead"])):
                lead_ok += 1
            deadline_ok += mine.deadline == task["deadline"]
    return Report(refs, (dates_ok, dates_total), rels, agencies, (found, total), (lead_ok, found), (deadline_ok, found))
