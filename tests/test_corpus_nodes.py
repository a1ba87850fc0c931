"""The corpus graph names who acts: no pronoun is a node, and its best-connected actors are named
ones, not a word every article uses ("police", "the government", "protesters"). Runs on the corpus
build (tests/conftest.py ``corpus_build``; skipped when the corpus is not beside the project)."""
from __future__ import annotations

import networkx as nx
import pytest

from kg import ontology
from kg.merge import normalize_label, singularize
from kg.model import PRONOUNS, common_thing


def _words(table: str) -> set[str]:
    rows = ontology.read_table(ontology.path(table))
    return {next(iter(row.values())).lower() for row in rows}


@pytest.fixture(scope="module")
def graph(corpus_build):
    return nx.read_graphml(corpus_build / "graph.graphml")


def generic(label: str) -> bool:
    """A label that is only a common noun for people or a state's organs: "The researchers", "Police"."""
    words = normalize_label(label).split()
    nouns = _words("group_nouns.tsv") | _words("state_agents.tsv") | _words("state_nouns.tsv") | {"people"}
    return bool(words) and all(singularize(w) in nouns or w in nouns for w in words)


def test_generic_labels_are_recognised():
    assert generic("The researchers") and generic("Police") and generic("the government")
    assert not generic("Donald Trump") and not generic("Police of Peru")


@pytest.mark.slow
def test_no_pronoun_is_a_node(graph):
    pronouns = [d["label"] for _, d in graph.nodes(data=True) if str(d.get("label", "")).casefold() in PRONOUNS]
    assert pronouns == []


@pytest.mark.slow
def test_the_best_connected_actors_are_named(graph):
    top = sorted(graph.degree, key=lambda pair: (-pair[1], pair[0]))[:30]
    actors = [graph.nodes[n] for n, _ in top if graph.nodes[n].get("kind") == "actor"]
    unnamed = [a["label"] for a in actors if generic(a["label"]) or not str(a.get("entity_id", "")).startswith("actor:")]
    assert unnamed == []


@pytest.mark.slow
def test_the_best_connected_things_are_named(graph):
    # "a statement", "people", "a bill" of every article were one node; each article's is its own
    top = sorted(graph.degree, key=lambda pair: (-pair[1], pair[0]))[:30]
    things = [graph.nodes[n]["label"] for n, _ in top if graph.nodes[n].get("kind") == "thing"]
    assert [label for label in things if common_thing({"label": label})] == []
