"""The package's shape: modules small enough to read whole, components that say what they read and set."""
from pathlib import Path

import kg

MAX_MODULE_LINES = 600  # issue 22: a module longer than this is a package in disguise


def test_no_module_is_over_600_lines():
    package = Path(kg.__file__).parent
    sizes = {str(p.relative_to(package)): len(p.read_text(encoding="utf-8").splitlines())
             for p in package.rglob("*.py")}
    assert len(sizes) > 20
    assert {name: n for name, n in sizes.items() if n > MAX_MODULE_LINES} == {}


def test_every_kg_component_declares_what_it_assigns_and_requires(nlp):
    summary = nlp.analyze_pipes()["summary"]
    ours = [name for name in nlp.pipe_names if name.startswith("kg_")]
    assert len(ours) >= 8, nlp.pipe_names
    assert [name for name in ours if not summary[name]["assigns"]] == []
    # kg_line_breaks reads only the tokenizer's words, which no component assigns; every later one reads annotations
    after_parser = ours[ours.index("kg_line_breaks") + 1:]
    assert [name for name in after_parser if not summary[name]["requires"]] == []


def test_events_and_claims_declare_the_coreference_they_resolve_through(nlp):
    summary = nlp.analyze_pipes()["summary"]
    assert "doc._.coref" in summary["kg_events"]["requires"]
    assert "doc._.coref" in summary["kg_claims"]["requires"]
    assert nlp.pipe_names.index("kg_coref") < nlp.pipe_names.index("kg_events")
