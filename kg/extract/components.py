"""kg's spaCy pipeline components. Each sets ``Doc._`` extensions, so any spaCy user can
``nlp.add_pipe("kg_events")`` after ``import kg.extract``.

Set ``doc._.article_id`` and ``doc._.published`` before the pipeline runs (pass Doc objects to
``nlp.pipe``) to get article ids and dates resolved against the publication date.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Callable, Optional

import numpy
from spacy.attrs import IDX, IS_SPACE, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.actors import ActorResolver
from kg.extract.names import ActorIndex
from kg.extract.claims import ClaimReader, link
from kg.extract.coref import Coreference, Gender
from kg.extract.docindex import doc_text
from kg.extract.events import EventReader
from kg.extract.readings import unresolved_actor
from kg.extract.noise import boilerplate_sentences
from kg.gazetteer import Gazetteer
from kg.language import preload_language_identifier
from kg.lexicon import load_lexicon

NEWLINE = re.compile("\n")

for name, default in (("article_id", None), ("published", None), ("noise", None), ("actors", None),
                      ("coref", None), ("events", None), ("claims", None), ("error", None)):
    if not Doc.has_extension(name):
        Doc.set_extension(name, default=default)


def _ontology(path: Optional[str]) -> Optional[Path]:
    return Path(path) if path else None


@functools.lru_cache(maxsize=4)
def _gender(ontology_dir: Optional[Path]) -> Gender:
    """kg_actors and kg_coref read the same gender table: it is loaded once."""
    return Gender.load(ontology_dir)


def guarded(component: Callable[[Doc], Doc]) -> Callable[[Doc], Doc]:
    """One odd article must not stop a corpus: a failure is recorded on ``doc._.error``, not raised."""
    @functools.wraps(component)
    def run(doc: Doc) -> Doc:
        if doc._.error:
            return doc
        try:
            return component(doc)
        except Exception as error:  # noqa: BLE001 - reported per article by the build
            doc._.error = f"{component.__name__}: {type(error).__name__}: {error}"
            return doc
    return run


@Language.component("kg_line_breaks", assigns=["token.is_sent_start"])
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines and captions have no full stop."""
    text = doc_text(doc)
    if "\n" not in text:
        return doc
    # arrays, not Tokens: the is_sent_start setter checks the whole doc for a parse on every call
    offsets, spaces, sent_starts = doc.to_array([IDX, IS_SPACE, SENT_START]).T
    after_breaks = numpy.searchsorted(offsets, [m.start() for m in NEWLINE.finditer(text)], "right")
    after_breaks = after_breaks[(after_breaks > 0) & (after_breaks < len(doc))]
    # the first token after the break, unless it is more whitespace
    sent_starts[after_breaks[spaces[after_breaks] == 0]] = 1
    return doc.from_array([SENT_START], sent_starts)


@Language.factory("kg_actors", default_config={"ontology_dir": None},
                  assigns=["doc._.noise", "doc._.actors"], requires=["doc.ents", "token.dep"])
def make_actors(nlp: Language, name: str, ontology_dir: Optional[str]):
    preload_language_identifier()  # boilerplate_sentences needs it; it loads while the model does
    gazetteer = Gazetteer.load(_ontology(ontology_dir))
    lexicon = load_lexicon(_ontology(ontology_dir))
    honorifics = frozenset(_gender(_ontology(ontology_dir)).honorifics)

    @guarded
    def kg_actors(doc: Doc) -> Doc:
        """Marks boilerplate sentences and indexes the article's persons for resolution."""
        doc._.noise = boilerplate_sentences(doc, lexicon)
        doc._.actors = ActorResolver(ActorIndex(doc, gazetteer, lexicon.group_nouns, honorifics))
        return doc

    return kg_actors


@Language.factory("kg_coref", default_config={"ontology_dir": None},
                  assigns=["doc._.coref"], requires=["doc._.actors", "doc.ents", "token.dep"])
def make_coref(nlp: Language, name: str, ontology_dir: Optional[str]):
    gender = _gender(_ontology(ontology_dir))
    reporting = {lemma.split()[0] for lemma in load_lexicon(_ontology(ontology_dir)).reporting}

    @guarded
    def kg_coref(doc: Doc) -> Doc:
        """Who is who: the article's entities, and the one each pronoun and description means."""
        if doc._.actors is None:
            return doc
        coref = Coreference(doc, doc._.actors, gender, reporting)
        doc._.coref = coref
        doc._.actors.coref = coref  # events and claims resolve through the actor resolver
        return doc

    return kg_coref


@Language.factory("kg_events", default_config={"ontology_dir": None},
                  assigns=["doc._.events"], requires=["doc._.actors", "doc._.coref", "token.dep", "token.lemma"])
def make_events(nlp: Language, name: str, ontology_dir: Optional[str]):
    lexicon = load_lexicon(_ontology(ontology_dir))

    @guarded
    def kg_events(doc: Doc) -> Doc:
        reader = EventReader(doc, lexicon, doc._.actors, doc._.article_id or "doc", doc._.published,
                             doc._.noise or set())
        doc._.events = list(reader.events())
        return doc

    return kg_events


@Language.factory("kg_claims", default_config={"ontology_dir": None},
                  assigns=["doc._.claims"], requires=["doc._.actors", "doc._.coref", "token.dep", "token.lemma"])
def make_claims(nlp: Language, name: str, ontology_dir: Optional[str]):
    lexicon = load_lexicon(_ontology(ontology_dir))

    @guarded
    def kg_claims(doc: Doc) -> Doc:
        reader = ClaimReader(doc, lexicon, doc._.actors, doc._.article_id or "doc", doc._.published,
                             doc._.noise or set(), ontology_dir=_ontology(ontology_dir))
        doc._.claims = reader.claims()
        return doc

    return kg_claims


@Language.factory("kg_claim_events", default_config={"ontology_dir": None}, assigns=["doc._.events", "doc._.claims"],
                  requires=["doc._.events", "doc._.claims", "doc._.actors"])
def make_claim_events(nlp: Language, name: str, ontology_dir: Optional[str]):
    @guarded
    def kg_claim_events(doc: Doc) -> Doc:
        """Events inside a claim are the speaker's claim (or denial); "we" in a quotation is the speaker.

        What still acts through a pronoun nobody resolved ("I offered", "they say") names no one: it goes.
        """
        events = doc._.events or []
        link(doc._.claims or [], events, doc._.actors)
        doc._.events = [e for e in events if not unresolved_actor(e.subject)]
        return doc

    return kg_claim_events
