"""Reported speech and "according to": a reporting verb's content, by the frame its lemma has
(ontology/reporting_verbs.tsv), and the source a report is attributed to.

Read as methods of :class:`kg.extract.claims.ClaimReader` (which mixes this class in).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from spacy.tokens import Token

from kg.extract.docindex import sentence_of
from kg.extract.actors import is_actor
from kg.extract.claim_speakers import SOURCE_PREPS, appositive_name
from kg.extract.speech import (QUOTE_CHARS, Quote, is_finite, clause_words, has_subject, raised_clause,
                               shared_subject_cue, trim)
from kg.extract.syntax import child
from kg.lexicon import ReportingVerb
from kg.model import Filler

# subordinators of an adverbial clause, which the parser may hang as a complement: not what was said
ADVERBIAL_MARKS = {"so", "because", "since", "although", "though", "while", "unless", "until", "before", "after",
                   "once", "when", "whenever", "as"}


@dataclass
class Candidate:
    """A claim being read: the cue verb, where its content is, and who speaks."""

    verb: Token
    cue: ReportingVerb
    frame: str
    start: int
    end: int
    speaker: Filler
    quote: Optional[Quote] = None  # the content is this quotation
    absorbed: list[Quote] = field(default_factory=list)
    dropped: bool = False


def absolute_content(verb: Token) -> Optional[tuple[int, int]]:
    """What a "with" absolute reports when the parser hung the "with" phrase on the reported clause
    ("with local media reporting no one was on it": "with" under "was"): that clause after the participle."""
    prep = verb.head
    if verb.dep_ != "pcomp" or prep.lower_ != "with" or child(verb, "ccomp") is not None:
        return None
    clause = prep.head
    if clause.i <= verb.right_edge.i or clause.pos_ not in ("VERB", "AUX"):
        return None
    last = clause.right_edge.i
    while last > clause.i and (verb.doc[last].is_punct or verb.doc[last].is_space):
        last -= 1
    return verb.right_edge.i + 1, last


def parenthetical_clause(verb: Token) -> Optional[tuple[int, int]]:
    """The clause a reporting aside between commas sits in, when the clause's subject follows the aside
    ("In between, she testified, she was beaten by the guards"): its words after the aside."""
    head, doc = verb.head, verb.doc
    if verb.dep_ != "parataxis" or head.i < verb.i:
        return None
    # the aside's commas: its own first and last tokens, or the tokens just outside it
    left, right = verb.left_edge.i, verb.right_edge.i
    opened = doc[left].text == "," or left > 0 and doc[left - 1].text == "," or \
        any(c.text == "," and c.i < verb.i for c in verb.children)
    closing = right if doc[right].text == "," else right + 1
    if not opened or closing >= len(doc) or doc[closing].text != ",":
        return None
    subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.i < closing:
        return None  # "The cause, he said, was a leak": what was said is split by the aside
    last = head.right_edge.i
    while last > closing and (doc[last].is_punct or doc[last].is_space):
        last -= 1
    return (closing + 1, last) if last > closing + 1 else None


class ReportedSpeech:
    """ "X said (that) …", "X denied …", "according to X, …": claims a reporting verb introduces."""

    # -- reported speech -------------------------------------------------------------------
    def reported(self, verb: Token, cue: ReportingVerb) -> Optional[Candidate]:
        frame = self.frame(cue)
        if frame == "source":
            return self.according(verb, cue)
        misparsed = self.misparsed_main_verb(verb, frame)
        words = misparsed[:2] if misparsed else self.content_words(verb, frame)
        if words is None:
            return None
        first, last = words
        start, end = trim(self.text, self.doc[first].idx, self.doc[last].idx + len(self.doc[last].text))
        if end <= start:
            return None
        speaker = self.named(appositive_name(misparsed[2])) if misparsed else self.speaker(verb)
        if speaker is None or (speaker.start is not None and start <= speaker.start < end) or \
                (misparsed and not is_actor(speaker)):
            return None
        return Candidate(verb, cue, frame, start, end, speaker)

    def misparsed_main_verb(self, verb: Token, frame: str) -> Optional[tuple[int, int, Token]]:
        """A past-tense cue hung on a noun as its modifier is the parser's slip for the main verb
        ("The chief, Ali Omar, announced on Tuesday there were arrests": "announced" on "chief"):
        the subject is the first subject before it, the content what follows it (or its own object)."""
        if verb.dep_ not in ("acl", "amod") or verb.tag_ not in ("VBD", "VBN") or verb.i == 0 or \
                not (self.doc[verb.i - 1].text == "," or self.doc[verb.i - 1].pos_ in ("PROPN", "NOUN")):
            return None  # "an estimated 1.15%": an adjective
        sent = sentence_of(verb)
        if verb.tag_ == "VBN" and not (frame in ("clause", "statement") and sent.root.i > verb.i + 1 and
                                       self.doc[verb.i - 1].text == ","):
            return None  # "the plan announced on Tuesday was dropped": a participle; "…, announced there were …" not
        subject = next((t for t in sent if t.i < verb.i and t.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None and verb.head.dep_ == "ROOT" and verb.head.pos_ in ("NOUN", "PROPN"):
            subject = verb.head  # the whole sentence read as a noun phrase
        if subject is None:
            return None
        if frame in ("naming", "object", "accuse"):
            words = self.content_words(verb, frame)
            return (*words, subject) if words else None
        own = [c for c in verb.rights if c.dep_ in ("prep", "npadvmod", "advmod")]
        first = max([verb.i] + [c.right_edge.i for c in own]) + 1
        last = sent.end - 1
        while last > first and (self.doc[last].is_punct or self.doc[last].is_space):
            last -= 1
        return (first, last, subject) if last > first else None

    def content_words(self, verb: Token, frame: str) -> Optional[tuple[int, int]]:
        """First and last token of what ``verb`` reports, by its frame."""
        if frame == "intent":  # "promised that …" / "promised to hold fair elections"
            words = self.content_words(verb, "clause")
            to = next((c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i and
                       any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)), None)
            if words is None and to is not None:
                words = to.left_edge.i, to.right_edge.i
            return words
        if frame == "statement":  # "emphasized that …" / "emphasized the need for talks"
            words = self.content_words(verb, "clause")
            if words is None and not self.manner_of_saying(verb):
                words = self.content_words(verb, "object")
            return words
        dobj = child(verb, "dobj")
        cue = self.cue_of(verb)
        if dobj is not None and cue is not None and (dobj.lemma_.lower() in cue.acts or "@actor" in cue.acts and (
                dobj.ent_type_ in ("PERSON", "ORG", "NORP") or dobj.lemma_.lower() in self.group_lemmas())):
            return None  # "denied funding", "declared a state of emergency": an act; "citing officials": a source
        clauses = [c for c in verb.children if (c.dep_ == "ccomp" or c.dep_ == "advcl" and c.i > verb.i and
                                                 has_subject(c) and is_finite(c) and child(c, "mark") is None)
                   and not any(m.dep_ == "mark" and m.lower_ in ADVERBIAL_MARKS for m in c.children)]
        # "declared it so he could …" is no content; "announced on Monday there were …" (read as advcl) is
        ccomp = next((c for c in clauses if c.i > verb.i), clauses[0] if clauses else None)
        dobj = child(verb, "dobj")
        if frame in ("clause", "object") and ccomp is not None:
            if ccomp.i > verb.i:
                keep = [ccomp]
                if dobj is not None and dobj.i < ccomp.left_edge.i and not has_subject(ccomp):
                    keep.append(dobj)  # "promised each victim will be paid": the object is the clause's subject
                first, last = clause_words(verb, keep, self.head_reports(verb))
                last = self.before_shared(verb, first, last)
                mark = self.doc[first]
                return (first + 1 if mark.lower_ == "that" and mark.dep_ in ("mark", "det") else first), last
            if not any(t.i > verb.i and not t.is_punct for t in ccomp.subtree) and \
                    self.closes_clause(ccomp.right_edge.i, verb):  # "Air defense was responding, he said."
                return ccomp.left_edge.i, ccomp.right_edge.i
        if frame == "clause" and verb.dep_ in ("parataxis", "ccomp") and verb.head.i < verb.i \
                and verb.head.dep_ == "ROOT" and self.closes_clause(verb.left_edge.i - 2, verb):
            return sentence_of(verb).start, verb.left_edge.i - 1  # "…, he said": the words before
        carried = absolute_content(verb) if frame in ("clause", "object", "statement") else None
        if carried is not None:
            return carried  # "with local media reporting no one was hurt", "with local media" hung on "was"
        inserted = parenthetical_clause(verb) if frame == "clause" else None
        if inserted is not None:
            return inserted  # "In between, she testified, she was beaten": the clause after the aside
        as_phrase = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "as" and c.i > verb.i), None)
        if as_phrase is not None and len(list(as_phrase.subtree)) > 1 and frame in ("naming", "object") and (
                dobj is not None and dobj.tag_ in ("WP", "WDT") or dobj is None and child(verb, "agent") is not None):
            # "…, which the BBC describes as “marred by …”", "a plane, reported by local press as belonging to …"
            return as_phrase.i + 1, as_phrase.right_edge.i
        if dobj is None and frame == "naming":  # "described witnessing 35 bodies"
            gerund = next((c for c in verb.children if c.dep_ == "xcomp" and c.tag_ == "VBG" and c.i > verb.i), None)
            return (gerund.i, gerund.right_edge.i) if gerund is not None else None
        if dobj is None or dobj.tag_ in ("WP", "WDT"):
            return None  # "what the study reported": the content is elsewhere
        if frame == "clause":
            bare = next((c for c in dobj.rights if c.dep_ == "relcl" and c.left_edge.i == dobj.i + 1 and
                         any(s.dep_ == "nsubj" and s.tag_ == "PRP" for s in c.children)), None)
            if bare is not None and dobj.pos_ in ("NOUN", "PROPN", "PRON"):
                return clause_words(verb, [bare], self.head_reports(verb))  # "told police she had immunity"
            raised = raised_clause(verb, dobj)
            return clause_words(verb, [dobj, raised], self.head_reports(verb)) if raised is not None else None
        if frame == "object" and dobj.pos_ == "PRON" and self.frame_stance(verb) != "deny":
            return None  # "confirmed it" says nothing by itself; "denied it" still disputes what came before
        if frame == "object":  # "reported Monday's attack the deadliest since 2018"
            predicate = [c for c in verb.children if c.i > dobj.i and (c.dep_ in ("oprd", "xcomp") or
                                                                       c.dep_ == "npadvmod" and c.pos_ == "ADJ"
                                                                       or c.dep_ == "prep" and c.lower_ == "as")]
            return dobj.left_edge.i, max([dobj.right_edge.i] + [p.right_edge.i for p in predicate])
        if frame == "accuse":
            holders = [verb, dobj] + list(dobj.conjuncts)  # "accused Ukraine and its allies of …"
            of = next((c for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ in ("of", "for", "with")
                       and c.i > dobj.i), None)
            return (dobj.left_edge.i, of.right_edge.i) if of is not None and of.i > dobj.i else None
        if frame == "naming":
            predicate = [c for c in verb.children if c.dep_ == "oprd" and c.i > dobj.i] + \
                        [c for c in verb.children if c.dep_ == "prep" and c.lower_ == "as" and c.i > dobj.i] + \
                        [c for c in verb.children if c.dep_ == "dobj" and c.i > dobj.i] + \
                        [c for c in dobj.rights if c.pos_ == "ADJ" and c.dep_ in ("amod", "acl", "oprd") or
                         c.dep_ == "prep" and c.lower_ == "as"]
            # the parser may read the predicate as a second object ("calling it “an aggression”") or as
            # the object's modifier ("called its actions defensive", "calling the deals “legitimate”",
            # "described the attacks as …")
            if not predicate and dobj.i > verb.i and any(t.text in QUOTE_CHARS for t in dobj.subtree):
                return dobj.left_edge.i, verb.right_edge.i  # "describing the “real threat of …” as making it …"
            if not predicate or dobj.i < verb.i:
                return None
            return dobj.left_edge.i, max(p.right_edge.i for p in predicate)
        return None

    def manner_of_saying(self, verb: Token) -> bool:
        """ "…,” she said, emphasizing the need for calm": a participle on another cue says how, not what."""
        head = self.cue_of(verb.head)
        return verb.tag_ == "VBG" and verb.dep_ in ("advcl", "xcomp", "conj") and head is not None and \
            self.frame(head) in ("clause", "statement")  # "called for talks, claiming a right to …" says what

    def before_shared(self, verb: Token, first: int, last: int) -> int:
        """The content stops before a reporting verb that is the speaker's next act ("… and accused X of Y")."""
        for token in self.doc[first:last + 1]:
            if token.dep_ == "conj" and self.cue_of(token) is not None and \
                    shared_subject_cue(token, self.cue_of) is not None and shared_subject_cue(token, self.cue_of).i == verb.i:
                cc = [c for c in token.head.children if c.dep_ in ("cc", "punct") and c.i < token.i]
                return min([token.i] + [c.i for c in cc if c.i > first]) - 1
        return last

    def closes_clause(self, end: int, verb: Token) -> bool:
        """Is the verb a cue after a clause ending at token ``end`` ("…, he said"): a comma, then only
        the verb's subject and helpers?"""
        gap = self.doc[end + 1:verb.i]
        if not len(gap) or gap[0].text not in (",", "”", "\"", "’", "'") or any(t.text == ";" for t in gap):
            return False
        subject = child(verb, "nsubj")
        allowed = {t.i for t in subject.subtree} if subject is not None else set()
        allowed |= {c.i for c in verb.children if c.dep_ in ("aux", "advmod", "npadvmod")}
        return all(t.is_punct or t.i in allowed for t in gap)

    def frame_stance(self, verb: Token) -> str:
        cue = self.cue_of(verb)
        return cue.stance if cue else "assert"

    def head_reports(self, verb: Token) -> bool:
        """Is the verb hung below a later reporting verb ("…, X said, Y reported")?"""
        return verb.head.i > verb.i and self.cue_of(verb.head) is not None

    def according(self, verb: Token, cue: ReportingVerb) -> Optional[Candidate]:
        """ "according to X": X says what the rest of the sentence says."""
        to = self.doc[verb.i + 1]
        source = child(to, "pobj") or child(verb, "pobj") or child(child(verb, "prep"), "pobj")
        if source is None:
            return None
        sent = sentence_of(verb)
        phrase = {t.i for t in verb.subtree} | {t.i for t in to.subtree} | {t.i for t in source.subtree}
        words = [t for t in sent if t.i not in phrase and not t.is_punct]
        if not words:
            return None
        first, last = min(phrase), max(phrase)
        before = [t for t in words if t.i < first]
        after = [t for t in words if t.i > last]
        root = sent.root
        if before and root.i <= before[-1].i and after and after[0].lower_ in ("who", "which", "whose"):
            words = before  # "…, according to police, who said …": the relative clause is theirs
        elif after and root.i >= after[0].i and (not before or not any(
                t.dep_ in ("nsubj", "nsubjpass") and t.head.i == root.i for t in before)):
            words = after  # "According to X, Y."
        start, end = trim(self.text, words[0].idx, words[-1].idx + len(words[-1].text))
        speaker = self.source_speaker(source)
        if speaker is None or end <= start:
            return None
        cue_end = to.idx + len(to.text)
        candidate = Candidate(verb, cue, "source", start, end, speaker)
        candidate.cue_end = cue_end  # type: ignore[attr-defined]
        return candidate

    def source_speaker(self, source: Token) -> Optional[Filler]:
        """The source of "according to": a document speaks for its author ("data from the Archive")."""
        appos = next((c for c in source.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"), None)
        if appos is not None:  # "according to the mayor, Dee Margo,"
            source = appos
        speaking = source.lemma_.lower() in self.group_lemmas() or source.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
        if source.lemma_.lower() in self.lex.document_nouns:  # "according to a statement by X": X speaks
            author = self.author_of(source)
            if author is not None:
                return author
        filler = self.named(source)
        if filler is not None and is_actor(filler) and (speaking or not filler.members):
            return filler
        for prep in source.children:
            if prep.dep_ == "poss" and prep.pos_ == "PROPN":  # "according to PG&E's schedule"
                named = self.named(prep)
                if named is not None and is_actor(named):
                    return named
            if prep.dep_ == "prep" and prep.lower_ in SOURCE_PREPS:
                author = child(prep, "pobj")
                if author is not None:
                    named = self.named(author)
                    if named is not None and is_actor(named):
                        return named
        return None  # "according to the report" names no one who says it
