"""Score the extractor against the hand-checked gold annotation of the seeds and print the figures."""
from __future__ import annotations

import pytest

from kg.evaluation import score


@pytest.fixture(scope="module")
def report(seed_extractions, gold):
    result = score(seed_extractions, gold)
    print("\nGold scores on the five seeds:")
    for line in result.lines():
        print("  " + line)
    return result


def test_reference_mentions(report):
    assert report.references.f1 >= 0.97, report.references.errors


def test_reference_dates(report):
    assert report.date_accuracy >= 0.98


def test_relations_core(report):
    assert report.relations.f1 >= 0.85, report.relations.errors


def test_agencies_with_a_role(report):
    assert report.agencies.f1 >= 0.90, report.agencies.errors


def test_tasks_found_with_their_lead(report):
    assert report.task_recall >= 0.90
    assert report.lead_accuracy >= 0.85


def test_every_span_slices_the_original_text(seed_extractions):
    for extraction in seed_extractions:
        text = open(extraction.source, encoding="utf-8").read()
        for ref in extraction.references:
            assert text[ref.start:ref.end] == ref.text
        for rel in extraction.relations:
            assert text[rel.start:rel.end] == rel.evidence
            assert 0 <= rel.start < rel.end <= len(text)
        for task in extraction.tasks:
            assert 0 <= task.start < task.end <= len(text)


def test_distribution_list_is_never_a_task(seed_extractions):
    for extraction in seed_extractions:
        text = open(extraction.source, encoding="utf-8").read()
        start = text.find("Nơi nhận")
        if start != -1:
            assert all(task.start < start for task in extraction.tasks), extraction.source
