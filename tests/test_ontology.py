"""kg.ontology: the one owner of the ontology folder; a copy in use reaches every reader."""
import shutil

import pytest

from kg import ontology
from kg.rdf.terms import event_class
from kg.lexicon import load_lexicon
from kg.merge import load_synonyms, object_key


@pytest.fixture
def copy(tmp_path):
    folder = tmp_path / "onto"
    shutil.copytree(ontology.DEFAULT_DIR, folder)
    yield folder
    ontology.use(None)


def test_a_copy_in_use_changes_lexicon_rdf_classes_and_merging(copy):
    table = copy / "predicates.tsv"
    table.write_text(table.read_text(encoding="utf-8").replace("\nattack\tAttack\t", "\nattack\tOnslaught\t"),
                     encoding="utf-8")
    with (copy / "object_synonyms.tsv").open("a", encoding="utf-8") as handle:
        handle.write("vessel|ship|boat\n")
    assert str(event_class("attack")).endswith("#Attack")
    assert object_key("two ships", load_synonyms()) == "ship"
    ontology.use(copy)
    assert load_lexicon().predicate_class("attack").event_class == "Onslaught"
    assert str(event_class("attack")).endswith("#Onslaught")
    assert object_key("two ships", load_synonyms()) == "vessel"
    ontology.use(None)
    assert str(event_class("attack")).endswith("#Attack")


def test_a_row_with_too_few_cells_names_file_and_line(tmp_path):
    bad = tmp_path / "t.tsv"
    bad.write_text("# c\nlemma\tmodality\nprepare\n", encoding="utf-8")
    with pytest.raises(ontology.OntologyError, match=r"t.tsv:3: 1 cells, header has 2"):
        ontology.read_table(bad)
