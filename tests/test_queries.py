"""The saved SPARQL queries (kg/queries/*.rq) answer right on the seeds, through the library and through
``kg sparql --saved NAME --param NAME=VALUE --format json``; they declare their own prefixes, so they run in any
SPARQL client (pyoxigraph without the project's prefixes, and rdflib's engine, give the same answers).

Their speed at ~1M triples is measured by bench/bench_store.py and bench/bench_server.py, not here.
"""
from __future__ import annotations

import json
import unicodedata

import pyoxigraph
import pytest

from kg.cli import cli
from kg.errors import QueryError
from kg.queries import list_saved_queries, load_saved_query
from kg.store import GraphStore

KG = "https://w3id.org/kg-vn/ontology#"
NQ01 = "https://w3id.org/kg-vn/eli/nq/2024/01-nq-cp"
KH02 = "https://w3id.org/kg-vn/eli/kh/2024/bac-giang/02-kh-ubnd"  # cited in 002 as implementing 01/NQ-CP
NQ50 = "https://w3id.org/kg-vn/eli/nq/2016/bac-giang/50-2016-nq-hdnd"
SAVED = ["cited_not_in_corpus", "implementing", "relation_counts", "replaced_or_repealed", "tasks_by_agency"]
ROLES = ("leadAgency", "preparedBy", "assignedTo", "cooperatingAgency")


def _plain(value) -> str | None:
    return None if value is None else str(value)


@pytest.fixture(params=["library", "cli"])
def run(request, seed_store, runner):
    """run(name, **params) -> rows as dicts of strings, by the library or by the command line."""

    def library(name: str, **params) -> list[dict]:
        text = load_saved_query(name).with_params(params)
        rows = GraphStore.open(seed_store, read_only=True).select(text)
        return [{key: _plain(value) for key, value in row.items()} for row in rows]

    def command(name: str, **params) -> list[dict]:
        args = ["sparql", "--saved", name, "--store", seed_store, "--format", "json"]
        for key, value in params.items():
            args += ["--param", f"{key}={value}"]
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, result.output
        return json.loads(result.output)

    return library if request.param == "library" else command


def select(store: str, query: str) -> list[dict]:
    return GraphStore.open(store, read_only=True).select(query)


def file_of(seed: str) -> str:
    return f"/corpus/{seed}_"


# -- the files -----------------------------------------------------------------------------------------------

def test_the_saved_set_is_listed_with_titles_and_descriptions(runner):
    assert [query.name for query in list_saved_queries()] == SAVED
    for query in list_saved_queries():
        assert query.title != query.name and len(query.description) > 60, query.name
        assert "PREFIX kg: <https://w3id.org/kg-vn/ontology#>" in query.text, query.name
    listed = json.loads(runner.invoke(cli, ["queries", "--format", "json"]).output)
    assert [entry["name"] for entry in listed] == SAVED


def test_the_parameters_are_values_lines():
    assert 'VALUES ?symbol { "01/NQ-CP" }' in load_saved_query("implementing").text
    assert 'VALUES ?agencyName { "Sở Tài chính" }' in load_saved_query("tasks_by_agency").text
    text = load_saved_query("tasks_by_agency").with_params({"agencyName": "Sở Y tế"})
    assert 'VALUES ?agencyName { "Sở Y tế" }' in text and "Sở Tài chính" not in text


def test_parameters_are_listed_and_checked(runner):
    assert load_saved_query("implementing").parameters == {"symbol": "01/NQ-CP"}
    assert load_saved_query("tasks_by_agency").parameters == {"agencyName": "Sở Tài chính"}
    assert load_saved_query("relation_counts").parameters == {}  # a list of IRIs is not a parameter
    with pytest.raises(QueryError, match="no parameter 'nope'.*parameters: symbol"):
        load_saved_query("implementing").with_params({"nope": "1"})
    text = load_saved_query("implementing").with_params({"symbol": 'a "quoted" \\ symbol'})
    assert 'VALUES ?symbol { "a \\"quoted\\" \\\\ symbol" }' in text
    listed = {entry["name"]: entry for entry in json.loads(runner.invoke(cli, ["queries", "--format", "json"]).output)}
    assert listed["tasks_by_agency"]["parameters"] == {"agencyName": "Sở Tài chính"}
    assert "--param 'agencyName=Sở Tài chính'" in runner.invoke(cli, ["queries"]).output
    refused = runner.invoke(cli, ["sparql", "--param", "symbol=1", "ASK {}"])
    assert refused.exit_code == 2 and "--saved" in refused.output


@pytest.mark.parametrize("name", SAVED)
def test_each_query_runs_in_a_plain_sparql_client(seed_store, name):
    """Without the project's predeclared prefixes (pyoxigraph) and on rdflib's engine: the same answers."""
    from rdflib import Dataset

    query = load_saved_query(name)
    store = GraphStore.open(seed_store, read_only=True)
    ours = store.select(query.text)
    assert ours, name
    bare = pyoxigraph.Store()
    bare.extend(store.quads())
    plain = list(bare.query(query.text, use_default_graph_as_union=True))
    dataset = Dataset(default_union=True)
    nquads = pyoxigraph.serialize(store.quads(), format=pyoxigraph.RdfFormat.N_QUADS).decode("utf-8")
    dataset.parse(data=nquads, format="nquads")
    theirs = list(dataset.query(query.text))
    # sampled labels and concatenated roles may come out in another order from another engine
    key = [name for name in ours[0] if name not in ("label", "oldLabel", "newLabel", "probably_read_as", "role")]
    expected = {tuple(None if row[k] is None else str(row[k]) for k in key) for row in ours}
    assert {tuple(None if row[k] is None else row[k].value for k in key) for row in plain} == expected
    assert {tuple(None if row[k] is None else str(row[k]) for k in key) for row in theirs} == expected


# -- what each answers ---------------------------------------------------------------------------------------

def test_implementing_01_nq_cp_lists_the_plan_of_004_and_its_tasks(run, seed_store):
    rows = run("implementing", symbol="01/NQ-CP")
    assert {row["target"] for row in rows} == {NQ01} and {row["year"] for row in rows} == {"2024"}
    assert len(rows) == len({(row["target"], row["item"]) for row in rows})  # each item once
    plan = [row["item"] for row in rows if row["type"] == KG + "Document" and file_of("004") in (row["source"] or "")]
    assert len(plan) == 1
    tasks = {row["item"] for row in rows if row["type"] == KG + "Task" and file_of("004") in (row["source"] or "")}
    assigned = {r["t"] for r in select(seed_store, f"SELECT ?t WHERE {{ ?t kg:assignedIn <{plan[0]}> }}")}
    assert tasks == assigned and len(tasks) > 50
    assert KH02 in {row["item"] for row in rows}  # resolved from 002, read in no file
    assert not [row for row in rows if any(file_of(seed) in (row["source"] or "") for seed in ("000", "003"))]
    assert all(row["label"] for row in rows)
    assert [row["type"] for row in rows] == sorted((row["type"] for row in rows),
                                                   key=lambda kind: kind != KG + "Document")  # documents first


def test_implementing_takes_the_symbol_as_a_parameter(run):
    assert run("implementing", symbol="99/NQ-XX") == []
    rows = run("implementing", symbol="233-NQ/TU")
    assert rows and {row["target"].rsplit("/", 1)[-1] for row in rows} == {"233-nq-tu"}


@pytest.mark.parametrize("name", ["Sở Tài chính", "so tai chinh", "SỞ TÀI CHÍNH", "  STC "])
def test_tasks_of_so_tai_chinh_in_004_and_its_agenda_items_in_000(run, seed_store, name):
    rows = run("tasks_by_agency", agencyName=name)
    assert rows and {row["agency"] for row in rows} == {"Sở Tài chính"}
    assert {row["jurisdiction"] for row in rows} == {"Bắc Giang"}
    in_004 = [row for row in rows if file_of("004") in row["source"]]
    in_000 = [row for row in rows if file_of("000") in row["source"]]
    assert in_004 and all("chủ trì" in row["role"] for row in in_004)
    assert len(in_000) >= 5 and all(row["role"] == "chuẩn bị" and row["label"].startswith("B.I.") for row in in_000)
    assert all(row["source"] and row["task"] and row["label"] for row in rows)
    assert all(row["document"] for row in in_000 + in_004)  # 003's document has no label
    expected = {r["t"] for r in select(seed_store, f"""SELECT DISTINCT ?t WHERE {{
        ?agency a kg:Agency ; rdfs:label "Sở Tài chính"@vi .
        VALUES ?role {{ {' '.join('kg:' + role for role in ROLES)} }}
        ?t ?role ?agency }}""")}
    assert [row["task"] for row in rows] and {row["task"] for row in rows} == expected
    assert len(rows) == len(expected)  # one row per task, its roles together


def test_tasks_by_agency_reads_the_name_in_decomposed_form_too(run):
    assert len(run("tasks_by_agency", agencyName=unicodedata.normalize("NFD", "Sở Tài chính"))) == \
        len(run("tasks_by_agency", agencyName="Sở Tài chính"))
    assert run("tasks_by_agency", agencyName="Sở Không Có") == []


def test_cited_not_in_corpus_lists_01_nq_cp(run, seed_store):
    rows = run("cited_not_in_corpus")
    by_document = {row["document"]: row for row in rows}
    assert len(by_document) == len(rows)
    assert by_document[NQ01]["symbol"] == "01/NQ-CP" and by_document[NQ01]["year"] == "2024"
    assert int(by_document[NQ01]["mentions"]) >= 4 and int(by_document[NQ01]["citing_files"]) >= 3
    read = {r["d"] for r in select(seed_store, "SELECT DISTINCT ?d WHERE { ?d kg:readFrom ?f }")}
    assert not read & set(by_document)
    assert by_document[KH02]["probably_read_as"].endswith("corpus-004-0c44b8b32b54e5ec-txt/document")
    counts = [int(row["mentions"]) for row in rows]
    assert counts == sorted(counts, reverse=True)


def test_relation_counts_count_each_distinct_edge(run, seed_store):
    rows = {row["relation"]: row for row in run("relation_counts")}
    assert int(rows[KG + "implements"]["count"]) > 0
    for relation in ("implements", "basedOn", "taskImplements", "replaces", "cites"):
        edges = select(seed_store, f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?o WHERE {{ ?s kg:{relation} ?o }} }}")
        assert int(rows[KG + relation]["count"]) == edges[0]["n"] > 0, relation
        resolved = select(seed_store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <urn:kg:resolution> {{ ?s kg:{relation} ?o }} }}")
        assert int(rows[KG + relation]["inferred"]) == resolved[0]["n"] <= int(rows[KG + relation]["count"])
    assert int(rows[KG + "implements"]["inferred"]) > 0


def test_replaced_or_repealed_lists_50_2016_nq_hdnd_replaced_by_a_draft_in_000(run):
    rows = run("replaced_or_repealed")
    [row] = [row for row in rows if row["old"] == NQ50]
    assert row["change"] == KG + "replaces" and row["oldLabel"] == "Nghị quyết 50/2016/NQ-HĐND"
    assert "/draft/" in row["new"] and row["newLabel"].startswith("Dự thảo")
    assert "50/2016/NQ-HĐND" in row["quote"] and file_of("000") in row["source"]
    assert {row["change"] for row in rows} == {KG + "replaces", KG + "amends", KG + "repeals"}
