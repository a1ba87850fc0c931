"""Helpers for reading speech: quotation marks, frames of reporting verbs, content spans, claim keys.

Pure functions over text and the dependency parse; kg/extract/claims.py puts them together.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Optional

from spacy.tokens import Token

from kg.extract.docindex import sentence_of
from kg.extract.syntax import FINITE_TAGS
from kg.lexicon import load_lexicon
from kg.ontology import OntologyError, directory, path as ontology_path
from kg.model import stable_hash
from kg.text import strip_accents

# -- quotation marks ---------------------------------------------------------------------
DOUBLE_OPEN, DOUBLE_CLOSE = "“„«", "”»"  # the straight " both opens and closes
SINGLE_CLOSE = "’"  # as does the straight '
DOUBLE_MARKS = re.compile(r"[“”„«»\"]")
SINGLE_MARKS = re.compile(r"[‘’']")
OPENS_AFTER = set(" \t([{—–-/:;,") | set(DOUBLE_OPEN)  # characters after which a mark opens
QUOTE_CHARS = "“”„«»\"‘’'"
MAX_SINGLE_QUOTE = 400  # a single quotation longer than this is two apostrophes, not a quote


@dataclass
class Quote:
    """A quotation: ``start``/``end`` are the offsets of the words inside the marks."""

    start: int
    end: int
    open_start: int  # offset of the opening mark
    close_end: int  # offset just after the closing mark (== end when the paragraph ran out)
    closed: bool = True

    def text(self, text: str) -> str:
        return text[self.start:self.end]


def _opens(text: str, i: int) -> Optional[bool]:
    """True when the mark at ``i`` reads as an opener from its neighbours, False as a closer, None unclear."""
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if (before.isspace() or before in OPENS_AFTER) and not after.isspace():
        return True
    if not before.isspace() and (after.isspace() or not after.isalnum()):
        return False
    return None


def _body(text: str, start: int, end: int) -> Optional[tuple[int, int]]:
    """The quotation's words without surrounding white space, or None when there are none."""
    inner = text[start:end]
    stripped = inner.strip()
    if not stripped or not any(c.isalnum() for c in stripped):
        return None
    lead = len(inner) - len(inner.lstrip())
    return start + lead, start + lead + len(stripped)


def _paragraphs(text: str) -> Iterable[tuple[int, int]]:
    start = 0
    for match in re.finditer(r"\n", text):
        yield start, match.start()
        start = match.end()
    yield start, len(text)


def _double_quotes(text: str, p_start: int, p_end: int) -> list[Quote]:
    quotes, opened = [], None
    for match in DOUBLE_MARKS.finditer(text, p_start, p_end):
        i, mark = match.start(), match.group()
        context = _opens(text, i)
        if mark in DOUBLE_OPEN:
            opener = opened is None or context is True
            if opened is not None and context is False:
                opener = False  # a “ used as a closer
        elif mark in DOUBLE_CLOSE:
            opener = opened is None and context is True  # a ” used as an opener
        else:
            opener = context if context is not None else opened is None
        if opener:
            opened = i  # an opener inside an open quotation restarts it: the earlier mark was stray
        elif opened is not None:
            body = _body(text, opened + 1, i)
            if body:
                quotes.append(Quote(body[0], body[1], opened, i + 1))
            opened = None
    if opened is not None:  # open at the end of the paragraph: the quotation goes on in the next one
        body = _body(text, opened + 1, p_end)
        if body:
            quotes.append(Quote(body[0], body[1], opened, body[1], closed=False))
    return quotes


def _single_quotes(text: str, p_start: int, p_end: int, taken: list[tuple[int, int]]) -> list[Quote]:
    quotes, opened = [], None
    for match in SINGLE_MARKS.finditer(text, p_start, p_end):
        i = match.start()
        if any(s <= i < e for s, e in taken):
            continue  # single marks inside a double quotation belong to it
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if match.group() != SINGLE_CLOSE and (before.isspace() or before in OPENS_AFTER) and after.isalnum():
            opened = i
        elif opened is not None and (before.isalnum() or before in ".,!?") and not after.isalnum():
            if i - opened <= MAX_SINGLE_QUOTE:
                body = _body(text, opened + 1, i)
                if body:
                    quotes.append(Quote(body[0], body[1], opened, i + 1))
            opened = None
    return quotes


def find_quotations(text: str) -> list[Quote]:
    """Every quotation of the text in reading order: straight or curly, double or single marks.

    Unbalanced marks never stop the reading: a stray closer is skipped, an opener inside an open
    quotation restarts it, and a quotation left open runs to the end of its paragraph.
    """
    quotes: list[Quote] = []
    for p_start, p_end in _paragraphs(text):
        doubles = _double_quotes(text, p_start, p_end)
        taken = [(q.open_start, q.close_end) for q in doubles]
        quotes += doubles + _single_quotes(text, p_start, p_end, taken)
    return sorted(quotes, key=lambda q: q.start)


class QuoteIndex:
    """Which quotation holds a character offset, by bisection."""

    def __init__(self, quotes: list[Quote]):
        self.quotes = quotes
        self.starts = [q.open_start for q in quotes]

    def at(self, i: int) -> Optional[Quote]:
        k = bisect.bisect_right(self.starts, i) - 1
        while k >= 0:
            q = self.quotes[k]
            if q.open_start <= i < max(q.close_end, q.end):
                return q
            if q.close_end < i - 2000:
                break
            k -= 1
        return None


# -- frames of reporting verbs -------------------------------------------------------------
FRAMES = ("clause", "object", "statement", "intent", "accuse", "naming", "source")


def load_frames(ontology_dir: Optional[Path] = None) -> dict[str, str]:
    """Lemma -> frame: where a reporting verb keeps what was said (ontology/reporting_verbs.tsv).

    clause: a that-clause or a bare clause; object: the direct object ("denied the reports");
    statement: the clause if there is one, else the object ("emphasized the need for talks");
    intent: the clause, else the infinitive ("promised to hold fair elections");
    accuse: object and "of"/"for"/"with" ("accused Kyiv of ..."); naming: object and predicate
    ("called the proposal a 'first step'"); source: "according to".
    """
    return dict(_frames(directory(ontology_dir)))


@lru_cache(maxsize=8)
def _frames(folder: Path) -> dict[str, str]:
    """The frames of one ontology folder, read once: every article's reader asks for them."""
    frames = {}
    for lemma, verb in load_lexicon(folder).reporting.items():
        if verb.frame not in FRAMES:
            raise OntologyError(f"{ontology_path('reporting_verbs.tsv', folder)}: "
                                f"unknown frame {verb.frame!r} for {lemma!r}")
        frames[lemma] = verb.frame
    return frames


# -- spans -----------------------------------------------------------------------------------
TRAIL = " \t\n,;:—–-"
LEAD = " \t\n,;:—–-"


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """A content span without edge punctuation; closing marks stay when their opener is inside."""
    while True:
        old = (start, end)
        while start < end and text[start] in LEAD:
            start += 1
        while end > start and text[end - 1] in TRAIL:
            end -= 1
        if end > start and text[end - 1] in QUOTE_CHARS and not _opened_inside(text, start, end - 1):
            end -= 1
        if end > start and text[start] in QUOTE_CHARS and not _closed_inside(text, start + 1, end):
            start += 1
        if end > start + 1 and text[end - 1] == "." and text[end - 2] in QUOTE_CHARS:
            end -= 1  # 'penalties".': the full stop after the closing mark ends the sentence
        if end > start + 1 and text[end - 1] == "." and text[end - 2].isalnum() and \
                not re.search(r"(?:^|\s)(?:\w\.)+\w\.$|\s\w\.$", text[start:end]):
            end -= 1  # the full stop ends the sentence, not the content ("U.S." keeps its own)
        dangling = re.search(r"[\s,]+(?:and|but|or|while|as)$", text[start:end])
        if dangling:  # 'he was "humbled" by the results and': the conjunction belongs to what follows
            end = start + dangling.start()
        if (start, end) == old:
            return start, end


def _opened_inside(text: str, start: int, close: int) -> bool:
    mark = text[close]
    openers = {"”": "“„\"", "\"": "\"“", "»": "«", "’": "‘'", "'": "'‘"}.get(mark, "")
    if mark == "’" and close + 1 < len(text) and text[close + 1].isalpha():
        return True  # an apostrophe, not a mark
    return any(c in openers for c in text[start:close]) if mark not in ("\"", "'") else \
        text[start:close].count(mark) % 2 == 1


def _closed_inside(text: str, start: int, end: int) -> bool:
    return any(c in QUOTE_CHARS for c in text[start:end])


# -- parse helpers -----------------------------------------------------------------------------
TENSED_TAGS = {*FINITE_TAGS, "MD"}  # a modal carries the tense of its verb: "may say"
EMBEDDED_DEPS = {"relcl", "acl", "amod", "pcomp", "csubj", "prep", "pobj"}


def is_finite(verb: Token) -> bool:
    return verb.tag_ in TENSED_TAGS or any(c.dep_ in ("aux", "auxpass") and c.tag_ in TENSED_TAGS
                                           for c in verb.children)


def has_subject(verb: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in verb.children)


def raised_clause(verb: Token, obj: Token) -> Optional[Token]:
    """A subjectless finite verb right after the object: the parse split a clause.

    "claiming Russia's offers, including during holidays, were met with attacks": the parser
    reads "offers" as the object and "were met" as a verb of its own; the object is its subject.
    """
    sent_end = sentence_of(verb).end
    i = obj.right_edge.i + 1
    doc = verb.doc
    while i < sent_end and (doc[i].is_punct or doc[i].dep_ in ("aux", "auxpass", "neg", "advmod")):
        if doc[i].dep_ in ("aux", "auxpass", "neg", "advmod") and doc[i].head.i > i:
            break
        i += 1
    while i < sent_end and doc[i].dep_ in ("aux", "auxpass", "neg", "advmod") and doc[i].head.i > i:
        i = doc[i].head.i if all(doc[j].head.i == doc[i].head.i or doc[j].is_punct
                                 for j in range(i, doc[i].head.i)) else sent_end
    if i >= sent_end:
        return None
    candidate = doc[i]
    if candidate.pos_ in ("VERB", "AUX") and not has_subject(candidate) and is_finite(candidate):
        return candidate
    return None


def shared_subject_cue(verb: Token, cue_of: Callable[[Token], object]) -> Optional[Token]:
    """The reporting verb whose subject a coordinated reporting verb shares across a that-clause.

    "He suggested Erdogan would facilitate the talks and accused Ukraine of …": the parser hangs
    "accused" on "facilitate"; without a subject and in the tense of "suggested", it is his next act.
    """
    if verb.dep_ != "conj" or has_subject(verb) or cue_of(verb) is None:
        return None
    head = verb.head
    while head.dep_ == "conj":
        head = head.head
    if head.dep_ != "ccomp" or head.head.i > head.i:
        return None
    outer = head.head
    if cue_of(outer) is None or verb.tag_ != outer.tag_ or verb.head.tag_ == verb.tag_:
        return None
    return outer


def right_cuts(cue: Token, keep: set[int], after: int) -> list[int]:
    """Where the words of the reporting clause start again after the content.

    Right children of the cue (and of the heads to its left) that are not content: "but warned",
    ", adding", "on Sunday".
    """
    cuts = []
    path = {cue.i} | {a.i for a in cue.ancestors}
    for node in [cue] + [a for a in cue.ancestors if a.i < cue.i]:
        for c in node.rights:
            if c.i in path or c.i in keep or c.i <= after or c.is_punct:
                continue
            cuts.append(c.left_edge.i if c.left_edge.i > after else c.i)
    return cuts


def clause_words(cue: Token, keep: Iterable[Token], head_reports: bool = False) -> tuple[int, int]:
    """First and last token index of the content of a reporting verb, given tokens known to belong to it.

    The content runs from the first kept token to the end of the sentence, cut where the reporting
    clause goes on; when the cue is embedded (a relative clause, a participle), not past its own words.
    When the parser hung the cue below a later verb that is no reporting verb, that verb is read as
    part of the content (a cleft, a dash or a quotation split the parse).
    """
    keep = list(keep)
    first = min(t.left_edge.i for t in keep)
    last = max(t.right_edge.i for t in keep)
    kept = {t.i for k in keep for t in k.subtree}
    cuts = [c for c in right_cuts(cue, kept, first) if c > last]
    end = min(cuts) - 1 if cuts else sentence_of(cue).end - 1
    embedded = cue.dep_ in EMBEDDED_DEPS or (cue.dep_ in ("advcl", "xcomp", "conj") and cue.head.i < cue.i)
    if embedded or (head_reports and cue.head.i > cue.i):
        end = min(end, max(cue.right_edge.i, last))
    return first, max(end, last)


def normalize_content(text: str) -> str:
    """Casefolded words only: the same words in two articles give the same key."""
    words = re.findall(r"\w+", strip_accents(text).casefold())
    return " ".join(words)


def claim_key(speaker_id: Optional[str], speaker_label: str, content: str) -> str:
    """Stable key of a claim: one speaker saying the same words, whichever article reports it."""
    return "ck:" + stable_hash(speaker_id or normalize_content(speaker_label), normalize_content(content))


def group_antecedent(token: Token) -> Optional[Token]:
    """ "the leaders" names the group last introduced with members: "leaders of France, Germany …"."""
    doc = token.doc
    if token.tag_ not in ("NNS", "NNPS") or any(c.dep_ in ("amod", "compound", "poss", "nmod", "prep")
                                                for c in token.children):
        return None
    for i in range(token.i - 1, max(-1, token.i - 600), -1):
        other = doc[i]
        if other.lemma_ == token.lemma_ and any(c.dep_ == "prep" and c.lower_ in ("of", "from", "including")
                                                for c in other.children):
            return other
    return None
