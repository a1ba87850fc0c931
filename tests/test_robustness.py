"""Whatever text comes in, every output is one that strict readers accept, and builds are repeatable.

Property-based (hypothesis): arbitrary Unicode, control and zero-width characters, quotation marks and
odd names go through the extractor and every writer. Also: an interrupted build leaves out/ intact.
"""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, SEEDS
from kg.pipeline import build

XSD = ROOT / "tests" / "clients" / "xsd"
HAVE_XMLLINT = shutil.which("xmllint") is not None and (XSD / "graphml.xsd").is_file()
HAVE_RAPPER = shutil.which("rapper") is not None
RDF_FORMATS = {"graph.ttl": pyoxigraph.RdfFormat.TURTLE, "graph.trig": pyoxigraph.RdfFormat.TRIG,
               "graph.nq": pyoxigraph.RdfFormat.N_QUADS, "graph.jsonld": pyoxigraph.RdfFormat.JSON_LD}
RAPPER_SYNTAX = {"graph.ttl": "turtle", "graph.trig": "trig", "graph.nq": "nquads"}

# sentences that make events and claims, with the random parts slotted in
TEMPLATES = ("{name} said that {country} had launched an attack on {city}.",
             "“{text},” {name} told reporters, adding: '{text}'",
             "According to {name}, {country} is preparing to send {text} to {city}.",
             "{country} has denied the reports, calling them \"{text}\".")
names = st.text(min_size=1, max_size=25)
wild_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=120)


def refuse_constants(token: str):
    raise ValueError(f"invalid JSON constant {token}")


def check_outputs(out: Path) -> None:
    for line in (out / "facts.jsonl").read_text(encoding="utf-8").splitlines():
        json.loads(line, parse_constant=refuse_constants)
    for name, fmt in RDF_FORMATS.items():
        list(pyoxigraph.parse(path=str(out / name), format=fmt))
        if HAVE_RAPPER and name in RAPPER_SYNTAX:
            done = subprocess.run(["rapper", "-q", "-i", RAPPER_SYNTAX[name], "-c", str(out / name)],
                                  capture_output=True, text=True)
            assert done.returncode == 0, done.stderr[-2000:]
    for name, xsd in (("graph.graphml", "graphml.xsd"), ("graph.gexf", "gexf.xsd")):
        ET.parse(out / name)
        if HAVE_XMLLINT:
            done = subprocess.run(["xmllint", "--noout", "--nonet", "--schema", str(XSD / xsd), str(out / name)],
                                  capture_output=True, text=True)
            assert done.returncode == 0, done.stderr[-2000:]
    for name in ("events.csv", "claims.csv", "entities.csv"):
        text = (out / name).read_text(encoding="utf-8")
        rows = list(csv.reader(io.StringIO(text, newline="")))
        buffer = io.StringIO(newline="")
        csv.writer(buffer, lineterminator="\r\n" if "\r\n" in text else "\n").writerows(rows)
        assert list(csv.reader(io.StringIO(buffer.getvalue(), newline=""))) == rows


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(name=names, country=st.sampled_from(["Iran", "Türkiye", "the U.S.", "Kyiv", "North Korea"]),
       city=names, text=wild_text, extra=wild_text)
def test_any_text_gives_valid_deterministic_outputs(nlp, tmp_path_factory, name, country, city, text, extra):
    article = " ".join(t.format(name=name, country=country, city=city, text=text) for t in TEMPLATES) + extra
    folder = tmp_path_factory.mktemp("wild")
    corpus = folder / "wild.jsonl"
    corpus.write_text(json.dumps({"id": "wild", "text": article, "published": "2025-05-11"}) + "\n" +
                      json.dumps({"id": "name\u200b/\x07 odd id", "text": f"{name} met {city} in {country}."}) + "\n",
                      encoding="utf-8")
    first, second = folder / "a", folder / "b"
    for out in (first, second):
        build([str(corpus)], out, nlp=nlp, report=lambda message: None)
    check_outputs(first)
    for path in sorted(first.iterdir()):
        if path.is_file():
            assert path.read_bytes() == (second / path.name).read_bytes(), path.name


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=wild_text)
def test_extractor_offsets_stay_inside_the_text(nlp, text):
    doc = nlp.make_doc(text + " Putin said: “" + text + "”")
    doc._.article_id, doc._.published = "t", "2025-05-11"
    doc = nlp(doc)
    assert doc._.error is None
    for event in doc._.events:
        assert doc.text[event.start:event.end] == event.sentence
    for claim in doc._.claims:
        assert 0 <= claim.content_start <= claim.content_end <= len(doc.text)


def test_interrupted_build_keeps_previous_outputs(seed_build, tmp_path):
    """SIGINT or SIGTERM in the middle of a build leaves the last complete out/ readable."""
    out = tmp_path / "out"
    shutil.copytree(seed_build, out)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    corpus = tmp_path / "many.jsonl"
    text = (SEEDS / "000_8549324ab8f36054.txt").read_text(encoding="utf-8")
    corpus.write_text("".join(json.dumps({"id": f"a{i}", "text": text + f" Article {i}."}) + "\n"
                              for i in range(400)), encoding="utf-8")
    for sig in (signal.SIGINT, signal.SIGTERM):
        # a shell's background job starts with SIGINT ignored, and Python keeps it so: restore it
        proc = subprocess.Popen([sys.executable, "-m", "kg", "build", str(corpus), "--out", str(out), "-q"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT,
                                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        time.sleep(4)
        proc.send_signal(sig)
        proc.wait(timeout=60)
        assert proc.returncode != 0
        after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
        assert after == before
        assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    check_outputs(out)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # the drop is the point
def test_ctrl_c_dropped_by_a_finalizer_still_stops_the_build():
    """A KeyboardInterrupt raised while a __del__ runs is reported and dropped by Python: the
    build must stop at its next article all the same."""
    from kg.cli import CtrlC

    class Finalized:
        def __del__(self):
            os.kill(os.getpid(), signal.SIGINT)  # the handler runs here, inside the finalizer

    built = []
    before = signal.signal(signal.SIGINT, signal.default_int_handler)  # as Python starts, unless ignored
    with CtrlC() as ctrl_c:
        with pytest.raises(KeyboardInterrupt):
            for article in ctrl_c.checked(range(5)):
                built.append(article)
                if article == 1:
                    Finalized()  # dropped at once: its __del__ swallows the KeyboardInterrupt
    assert built == [0, 1]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with CtrlC():  # ignored stays ignored
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    signal.signal(signal.SIGINT, before)
