"""``kg extract`` and ``kg evaluate``."""
from __future__ import annotations

import json
import sys

import click

from kg.cli.options import format_option


def run_extraction(paths: tuple[str, ...], max_size_mb: float, resolve: bool, progress: bool):
    """Extract every file; returns (extractions, failures). A bad file never stops the batch."""
    from kg.corpus import find_sources
    from kg.errors import InputError
    from kg.extract.batch import resolve_numbers
    from kg.extract.pipeline import extract_file

    sources = find_sources(paths)
    extractions, failures = [], []
    bar = None
    if progress and len(sources) > 1 and sys.stderr.isatty():
        from tqdm import tqdm
        bar = tqdm(total=len(sources), unit="file", file=sys.stderr, desc="extract")
    for source in sources:
        try:
            extractions.append(extract_file(source, max_bytes=int(max_size_mb * 1_000_000)))
        except InputError as error:
            failures.append(str(error))
            click.echo(f"kg: skipped {error}", err=True)
        if bar:
            bar.update()
    if bar:
        bar.close()
    if resolve:
        extractions = resolve_numbers(extractions)
    return extractions, failures


def _table(extractions) -> str:
    lines = []
    for e in extractions:
        d = e.document
        lines.append(f"{e.source}: {d.kind or '?'} {d.symbol or '(no symbol)'} {d.date or d.date_partial or ''}")
        lines.append(f"  {len(e.references)} references, {len([a for a in e.agencies if not a.is_group])} agencies, "
                     f"{len(e.tasks)} tasks, {len(e.meetings)} meetings, {len(e.relations)} relations")
        for r in e.relations:
            lines.append(f"  {r.subject} --{r.predicate}--> {r.object}   [{r.task or '-'}]")
    return "\n".join(lines)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@format_option("json", "jsonl", "table")
@click.option("--max-size", "max_size", default=20.0, show_default=True, type=float,
              help="Refuse files larger than this many MB.")
@click.option("--no-resolve", is_flag=True, help="Do not resolve number-only mentions across the files given.")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-",
              help="Write to this file instead of standard output.")
def extract(paths, fmt, max_size, no_resolve, output):
    """Extract the document, references, agencies, tasks, meetings and relations of each file.

    PATHS are files (.txt, .md, .html, .docx, .pdf) or folders. Spans are offsets into the
    text of each file as read. A bad file is reported on stderr and skipped; the exit code is
    then 1. With several files, number-only mentions ("Chỉ thị số 19") are resolved from the
    full mentions of the others.
    """
    extractions, failures = run_extraction(paths, max_size, not no_resolve, progress=True)
    if fmt == "json":
        json.dump([e.to_json() for e in extractions], output, ensure_ascii=False, indent=1)
        output.write("\n")
    elif fmt == "jsonl":
        for e in extractions:
            output.write(json.dumps(e.to_json(), ensure_ascii=False) + "\n")
    else:
        output.write(_table(extractions) + "\n")
    if failures:
        click.echo(f"kg: extracted {len(extractions)} of {len(extractions) + len(failures)} files; "
                   f"{len(failures)} failed", err=True)
        sys.exit(1)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--gold", default="tests/data/seeds.json", show_default=True, type=click.Path(exists=True, dir_okay=False),
              help="Gold annotation (JSON keyed by file name).")
@click.option("--errors", "show_errors", is_flag=True, help="List each miss and false positive.")
@format_option("table", "json")
def evaluate(paths, gold, show_errors, fmt):
    """Score extraction of PATHS (default: corpus/) against a gold annotation.

    Prints precision, recall and F1 of reference mentions, relations and agency roles, date
    accuracy, and the share of gold tasks found with the right lead agencies.
    """
    from kg.evaluation import score

    with open(gold, encoding="utf-8") as handle:
        annotation = json.load(handle)
    extractions, _ = run_extraction(paths or ("corpus",), 20.0, True, progress=True)
    report = score(extractions, annotation)
    if fmt == "json":
        click.echo(json.dumps({
            "references": {"precision": report.references.precision, "recall": report.references.recall,
                           "f1": report.references.f1},
            "reference_dates": report.date_accuracy,
            "relations": {"precision": report.relations.precision, "recall": report.relations.recall,
                          "f1": report.relations.f1},
            "agencies": {"precision": report.agencies.precision, "recall": report.agencies.recall,
                         "f1": report.agencies.f1},
            "tasks_found": report.task_recall, "tasks_right_lead": report.lead_accuracy,
        }, indent=1))
        return
    click.echo("\n".join(report.lines()))
    if show_errors:
        for score_part in (report.references, report.relations, report.agencies):
            for line in score_part.errors:
                click.echo(f"  {line}")
